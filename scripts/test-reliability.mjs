// `npm run test:reliability [-- --long] [vitest args]`: the reliability suites; --long runs the load for 30 s.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const env = { ...process.env };
if (args.includes('--long')) env.RELIABILITY_LONG = '1';
const rest = args.filter((a) => a !== '--long');
const res = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.reliability.config.ts', ...rest], { stdio: 'inherit', env });
process.exit(res.status ?? 1);
