// Backup and restore round trip (issue 9): back up while the server is serving writes, restore into
// a new path, start on it, and find the data; restore refuses a running database and a bad file.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, CENTRES, Client, ROOT, SCHOOL, seedReference, shanghaiDate, removeTempDirs, startServer, tempDbPath, type ServerProcess } from './server-process';

const run = promisify(execFile);
const script = (name: string, file: string, dbPath: string) =>
  run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, file], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: dbPath } })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }))
    .catch((err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }));

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  removeTempDirs();
});

it('backs up while writes are served, restores into a new path, and the restored server has the data', async () => {
  const dbPath = tempDbPath();
  await seedReference(dbPath);
  const server = await startServer(dbPath);
  servers.push(server);
  const admin = await new Client(server.url).login('admin', ADMIN_PASSWORD);
  await admin.must('POST', '/api/v1/users', { username: 'clin', password: ADMIN_PASSWORD, displayName: 'clin', role: 'clinician', centerId: CENTRES.a }, 201);
  const clinician = await new Client(server.url).login('clin', ADMIN_PASSWORD);
  const enrol = (name: string) =>
    clinician.must(
      'POST',
      '/api/v1/children',
      {
        name,
        sex: 'F',
        birthDate: '2018-01-01',
        centerId: CENTRES.a,
        schoolId: SCHOOL,
        guardian: { name: '家长', phone: '13800138000', relation: '母亲' },
        consent: { givenBy: '家长', date: shanghaiDate(1), noticeVersion: 'v1' },
      },
      201,
    );
  const before = await enrol('备份前');

  // Writes keep coming while the backup runs.
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      await enrol(`备份中${written}`);
      written++;
    }
  })();
  const backupFile = join(dirname(tempDbPath()), 'backup.db');
  const backup = await script('backup', backupFile, dbPath);
  writing = false;
  await writer;
  expect(backup.code, backup.out).toBe(0);

  // Restore refuses while the server has the database open, and refuses a file that is no database.
  const busy = await script('restore', backupFile, dbPath);
  expect(busy.code, busy.out).not.toBe(0);
  expect(busy.out).toMatch(/in use|stop the server/);
  const junk = join(dirname(backupFile), 'junk.db');
  writeFileSync(junk, 'not a database at all'.repeat(100));
  const bad = await script('restore', junk, tempDbPath());
  expect(bad.code).not.toBe(0);
  expect(bad.out).toMatch(/not a database/);

  const restoredPath = tempDbPath();
  const restore = await script('restore', backupFile, restoredPath);
  expect(restore.code, restore.out).toBe(0);
  const restored = await startServer(restoredPath);
  servers.push(restored);
  const again = await new Client(restored.url).login('clin', ADMIN_PASSWORD);
  const child = await again.must('GET', `/api/v1/children/${before.id}`, undefined, 200);
  expect(child.name).toBe('备份前');
  const list = await again.must('GET', '/api/v1/children?limit=500', undefined, 200);
  await restored.kill();
  await server.kill();
  const copy = new Database(restoredPath, { readonly: true });
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
  copy.close();
  process.stdout.write(`backup round trip: ${written} writes during the backup, ${list.items.length} children in the restored copy (1 before + ${list.items.length - 1} of those)\n`);
  expect(list.items.length).toBeGreaterThanOrEqual(1);
}, 120_000);
