// The real server as a child process (the bundle npm start runs, scripts/build.ts) on a free 127.0.0.1 port,
// with a temp database; plus the small HTTP client the reliability tests share.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openAndMigrate } from '../../server/bootstrap';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { buildServer } from '../../scripts/build';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ADMIN_PASSWORD = 'reliability-admin-pw';
export const USER_PASSWORD = 'reliability-user-pw';

export const CENTRES = { a: '00000000-0000-4000-a000-00000000000a', b: '00000000-0000-4000-a000-00000000000b' };
export const SCHOOL = '00000000-0000-4000-a000-000000000051';

const tempDirs: string[] = [];

/** A database path in a new temp directory; `removeTempDirs` deletes them all when the suite is done. */
export function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asthma-rel-'));
  tempDirs.push(dir);
  return join(dir, 'asthma.db');
}

/** Each run made ~12 MB of databases per suite, and CI machines and ours kept every one of them. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Reference data has no API (it is seeded): two centres and a school, written before the first start. */
export async function seedReference(path: string): Promise<void> {
  const opened = await openAndMigrate(path);
  await opened.db.destroy();
  const db = new Database(path);
  const now = new Date().toISOString();
  for (const [id, name] of [
    [CENTRES.a, '潍坊社区卫生服务中心'],
    [CENTRES.b, '陆家嘴社区卫生服务中心'],
  ]) {
    db.prepare(`insert into centers (id, name, name_en, kind, district, street, created_at) values (?, ?, ?, 'community', 'pudong', '街道', ?)`).run(id, name, name, now);
  }
  db.prepare(`insert into schools (id, name, kind, district, pupils, campuses, created_at) values (?, '测试第一小学', 'primary', 'pudong', 450, 1, ?)`).run(SCHOOL, now);
  db.close();
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function startServer(dbPath: string, opts: { port?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, await buildServer()], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD, SCHEDULER: 'false', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Reply {
  status: number;
  body: any;
  text: string;
}

/** A JSON client with a session cookie (fetch keeps connections alive by default). */
export class Client {
  cookie = '';
  constructor(readonly base: string) {}
  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET') headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body) });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: json, text };
  }
  async login(username: string, password: string): Promise<this> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return this;
  }
  async must(method: string, path: string, body: unknown, status: number): Promise<any> {
    const res = await this.call(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  }
}

/** Today's calendar date in Asia/Shanghai, minus `days`. */
export function shanghaiDate(days = 0): string {
  const d = new Date(Date.now() + 8 * 3600_000 - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}
