import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from '../server/context';
import { browserZoneScript } from '../server/followups/rules/symptom-zone';
import { questionnaireTotalScript } from './children/questionnaire-script';

const require = createRequire(import.meta.url);

/**
 * web/static, found upwards from this module: it runs from web/ in development and tests, and from
 * the server's bundle in dist/ (scripts/build.ts) under npm start.
 */
export const STATIC_DIR = findStaticDir(dirname(fileURLToPath(import.meta.url)));

function findStaticDir(from: string): string {
  // Up to the project's root (the first directory with a package.json), never into a stranger's web/static.
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'web', 'static');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) throw new Error(`web/static not found in the project above ${from}`);
  }
}
const staticDir = STATIC_DIR;

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface Asset {
  body: Uint8Array;
  type: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

// Read once at start: a fixed map, so no request path ever reaches the file system.
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of walk(staticDir)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    assets.set(`/static/${relative(staticDir, file).split(sep).join('/')}`, { body: readFileSync(file), type });
  }
  // The diary's zone rule as the server runs it, for the phone to apply offline (safety rules v2).
  assets.set('/static/app/diary-zone.js', { body: new TextEncoder().encode(browserZoneScript()), type: TYPES['.js']! });
  assets.set('/static/app/questionnaire-total.js', { body: new TextEncoder().encode(questionnaireTotalScript()), type: TYPES['.js']! });
  assets.set('/static/vendor/chart.umd.js', { body: readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js')), type: TYPES['.js']! });
  return assets;
}

export function registerStatic(app: Hono<AppEnv>): void {
  const assets = loadAssets();
  app.get('/static/*', (c) => {
    const asset = assets.get(c.req.path);
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
}
