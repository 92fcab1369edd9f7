// What makes the family pages an installable app: the manifest, the service worker at the root
// scope, and PNG icons drawn once at start (iOS home screens need a PNG apple-touch-icon).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { t } from '../i18n';
import { drawIcon } from './png';
import { STATIC_DIR } from '../static';

const SW_SOURCE = readFileSync(join(STATIC_DIR, 'app', 'sw.js'));
export const ICON_SIZES = [180, 192, 512] as const;

export function manifest(lang: 'zh' | 'en') {
  return {
    id: '/app',
    name: t(lang, 'app.fullName'),
    short_name: t(lang, 'app.shortName'),
    description: t(lang, 'app.description'),
    lang: lang === 'zh' ? 'zh-CN' : 'en',
    start_url: '/app',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#ffffff',
    theme_color: '#0b6e99',
    icons: [
      { src: '/app/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/app/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/static/app/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: '/static/app/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
    ],
  };
}

export function registerPwaRoutes(app: Hono<AppEnv>): void {
  const icons = new Map<number, Buffer>(ICON_SIZES.map((size) => [size, drawIcon(size)]));

  app.get('/sw.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Service-Worker-Allowed', '/');
    // Browsers check for a new worker on navigation; keep it fresh rather than cached for an hour.
    c.header('Cache-Control', 'no-cache');
    return c.body(new Uint8Array(SW_SOURCE));
  });

  app.get('/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(JSON.stringify(manifest(c.get('lang'))));
  });

  app.get('/app/:icon{icon-[0-9]+\\.png}', (c) => {
    const size = Number(c.req.param('icon').replace(/\D/g, ''));
    const png = icons.get(size);
    if (!png) return c.notFound();
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(new Uint8Array(png));
  });
}
