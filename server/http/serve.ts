// The Node HTTP server for the app: the cached public index answered on the server itself,
// everything else through @hono/node-server (what its serve() does, with that one hook in front).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { BuiltApp } from '../app';

export function serveApp(built: Pick<BuiltApp, 'app' | 'serveCached'>, options: { port: number; hostname: string }, onListening?: (address: AddressInfo) => void): Server {
  const listener = getRequestListener(built.app.fetch, { hostname: options.hostname });
  const server = createServer((req, res) => {
    if (!built.serveCached(req, res)) void listener(req, res);
  });
  server.listen(options.port, options.hostname, () => onListening?.(server.address() as AddressInfo));
  return server;
}
