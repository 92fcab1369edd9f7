// One-off jobs from the command line (npm run job -- <name> [options]). Opens DATABASE_PATH, migrating a
// new database first, and exits non-zero with a one-line reason when anything fails.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openAndMigrate } from '../server/bootstrap';
import { isIsoDate } from '../server/calendar';
import { systemClock } from '../server/clock';
import { ConfigError, databaseLocation, parseConfig } from '../server/config';
import type { Deps } from '../server/context';
import { createLogger } from '../server/log';
import { isDistrictCode } from '../server/asthma-index/rules/districts';
import { importWeatherCsv } from '../server/asthma-index/import';
import { runIndexJob, type IndexRunRequest } from '../server/asthma-index/job';
import { deliverDue } from './notify/webhooks';
import { runNotifyPass } from './notify';

const USAGE = `Usage:
  npm run job -- asthma-index [--date YYYY-MM-DD] [--district CODE] [--offline]
  npm run job -- asthma-index --from YYYY-MM-DD --to YYYY-MM-DD [--district CODE]   (backfill from stored weather)
  npm run job -- import-weather --file weather.csv
  npm run job -- deliver                                                               (send due webhooks now)
  npm run job -- notify                                                                (queue and send due WeChat, SMS and app messages now)`;

class UsageError extends Error {}

function dateOption(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !isIsoDate(value)) throw new UsageError(`--${name} must be a YYYY-MM-DD date, got "${value}"`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      date: { type: 'string' },
      district: { type: 'string' },
      offline: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      file: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });

  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL, (line) => process.stderr.write(`${line}\n`));
  const opened = await openAndMigrate(databaseLocation(config));
  const deps: Deps = { db: opened.db, config, clock: systemClock, log };
  try {
    switch (command) {
      case 'asthma-index': {
        if (values.district !== undefined && !isDistrictCode(values.district)) throw new UsageError(`unknown district "${values.district}"`);
        const request: IndexRunRequest = {
          trigger: 'cli',
          date: dateOption(values.date, 'date'),
          district: values.district as IndexRunRequest['district'],
          offline: values.offline,
          from: dateOption(values.from, 'from'),
          to: dateOption(values.to, 'to'),
        };
        const result = await runIndexJob(deps, request);
        if (!result) {
          process.stderr.write('Another asthma-index run is in progress; try again when it has finished.\n');
          return 1;
        }
        if (result.status === 'failed') {
          process.stderr.write(`asthma-index run ${result.runId} failed: ${result.error}\n`);
          return 1;
        }
        const s = result.summary!;
        process.stdout.write(
          `asthma-index run ${result.runId}: ${s.indexDays} index days for ${s.districts} district(s), ${s.dates.join(' .. ')}; ` +
            `${s.weatherDays} weather days stored; ${s.unavailable.length} day(s) without weather; ${s.outbox} delivery(ies) queued\n`,
        );
        return 0;
      }
      case 'import-weather': {
        if (!values.file) throw new UsageError('import-weather needs --file <path to CSV>');
        const text = readFileSync(values.file, 'utf8');
        const imported = await importWeatherCsv(deps, text);
        process.stdout.write(
          `Imported ${imported.rows} weather days (${imported.from} .. ${imported.to}, ${imported.districts} district(s)). ` + `Compute the index with: npm run job -- asthma-index --from ${imported.from} --to ${imported.to}\n`,
        );
        return 0;
      }
      case 'deliver': {
        const report = await deliverDue(deps);
        process.stdout.write(`Deliveries: ${report.sent} sent, ${report.retried} to retry, ${report.failed} given up, ${report.cancelled} cancelled\n`);
        return 0;
      }
      case 'notify': {
        const r = await runNotifyPass(deps);
        process.stdout.write(`Notifications: ${r.queued} queued, ${r.sent} sent, ${r.retried} to retry, ${r.deferred} held for quiet hours, ${r.failed} given up, ${r.cancelled} cancelled\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown job "${command}"`);
    }
  } finally {
    await opened.db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const usage = err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
    const message = err instanceof ConfigError || usage || err instanceof RangeError ? err.message : `failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${message}\n${usage ? `\n${USAGE}\n` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
