// Slow clients (issue 9): raw sockets that send their headers and then trickle the body must not
// stall anyone else's requests on the real server.
import { connect, type Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, removeTempDirs, seedReference, startServer, tempDbPath, type ServerProcess } from './server-process';

let server: ServerProcess | undefined;
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await server?.kill('SIGKILL');
  removeTempDirs();
});

it('20 trickling bodies do not stall other requests', async () => {
  const dbPath = tempDbPath();
  await seedReference(dbPath);
  server = await startServer(dbPath);
  const body = JSON.stringify({ username: 'admin', password: 'x'.repeat(900) });
  for (let i = 0; i < 20; i++) {
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    sockets.push(socket);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    let sent = 0;
    // One byte every 200 ms: the whole body would take minutes.
    timers.push(setInterval(() => { if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!); }, 200));
  }
  await new Promise((r) => setTimeout(r, 500));
  const started = Date.now();
  const latencies: number[] = [];
  const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
  for (let i = 0; i < 30; i++) {
    const t = Date.now();
    const res = await (i % 2 ? admin.call('GET', '/api/v1/users') : fetch(`${server.url}/healthz`).then((r) => ({ status: r.status })));
    latencies.push(Date.now() - t);
    expect(res.status).toBe(200);
  }
  const total = Date.now() - started;
  const worst = Math.max(...latencies);
  process.stdout.write(`slow clients: 20 trickling sockets held open; 31 other requests took ${total} ms in all, worst ${worst} ms\n`);
  expect(worst).toBeLessThan(3000);
  expect(sockets.filter((s) => !s.destroyed).length).toBeGreaterThan(0);
}, 120_000);
