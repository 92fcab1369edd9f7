import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../server/context';

const require = createRequire(import.meta.url);
const here = (name: string) => fileURLToPath(new URL(`./static/${name}`, import.meta.url));

interface Asset {
  body: string;
  type: string;
}

// Read once at start: a fixed list, so no request path ever reaches the file system.
function loadAssets(): Record<string, Asset> {
  const assets: Record<string, Asset> = {
    '/static/vendor/chart.umd.js': { body: readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8'), type: 'text/javascript; charset=utf-8' },
  };
  for (const [name, type] of [
    ['app.css', 'text/css; charset=utf-8'],
    ['charts.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    assets[`/static/${name}`] = { body: readFileSync(here(name), 'utf8'), type };
  }
  return assets;
}

export function registerStatic(app: Hono<AppEnv>): void {
  const assets = loadAssets();
  app.get('/static/*', (c) => {
    const asset = assets[c.req.path];
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body);
  });
}
