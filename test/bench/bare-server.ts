// The framework's ceiling on this machine: Hono on @hono/node-server with one JSON route, nothing else.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));
const port = Number(process.env.PORT ?? 3999);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.stdout.write(`bare server on ${port}\n`));
