// A connection's page cache can be sized (the indicator worker's is 8 MB: server/indicators/worker-main.ts);
// left alone it is the driver's (better-sqlite3 builds SQLite with 16 MB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/connection';
import { sqliteOf } from '../../db/sqlite/open';

const dir = mkdtempSync(join(tmpdir(), 'page-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('page cache size', () => {
  it('is the size asked for, in KiB as SQLite counts it, and the driver default otherwise', async () => {
    const sized = await createDatabase({ path: join(dir, 'a.db'), pageCacheMb: 8 });
    const plain = await createDatabase({ path: join(dir, 'a.db') });
    expect(sqliteOf(sized.db)!.pragma('cache_size', { simple: true })).toBe(-8192);
    expect(sqliteOf(plain.db)!.pragma('cache_size', { simple: true })).toBe(-16000);
    await sized.close();
    await plain.close();
  });
});
