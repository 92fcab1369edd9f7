// A local stand-in for the Open-Meteo APIs: serves the recorded fixtures (test/fixtures/open-meteo) on 127.0.0.1, or fails on demand.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture } from '../../fixtures/paths';

export const forecastFixture = readFixture('open-meteo/forecast-shanghai-2025-01-18.json');
export const airFixture = readFixture('open-meteo/air-quality-shanghai-2025-01-18.json');

/** 'ok' serves the fixtures; the others are the failures a run must survive. */
export type FakeMode = 'ok' | 'http500' | 'slow' | 'garbage' | 'wrongUnits';

export interface FakeOpenMeteo {
  forecastUrl: string;
  airQualityUrl: string;
  mode: FakeMode;
  /** Fails only requests whose latitude matches (one district), to test all-or-nothing. */
  failLatitude: string | null;
  delayMs: number;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeOpenMeteo(): Promise<FakeOpenMeteo> {
  const state: FakeOpenMeteo = {
    forecastUrl: '',
    airQualityUrl: '',
    mode: 'ok',
    failLatitude: null,
    delayMs: 0,
    requests: [],
    close: async () => {},
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    const failing = state.failLatitude === null || url.searchParams.get('latitude') === state.failLatitude;
    const mode = failing ? state.mode : 'ok';
    const body = url.pathname === '/air' ? airFixture : forecastFixture;
    const answer = () => {
      if (res.destroyed) return;
      if (mode === 'http500') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":true,"reason":"boom"}');
      } else if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"latitude": 31.2, "hourly": [oops');
      } else if (mode === 'wrongUnits') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body.replaceAll('°C', '°F'));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      }
    };
    const delay = mode === 'slow' ? 2_000 : state.delayMs;
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.forecastUrl = `http://127.0.0.1:${port}/forecast`;
  state.airQualityUrl = `http://127.0.0.1:${port}/air`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
