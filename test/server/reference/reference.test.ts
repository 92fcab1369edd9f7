import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorld, type World } from '../../helpers/world';
import { openAndMigrate, prepareDatabase } from '../../../server/bootstrap';
import { testConfig } from '../../../server/config';
import { fixedClock } from '../../../server/clock';
import { silentLogger } from '../../../server/log';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe('reference data', () => {
  it('lets an admin add a school and a centre, audited; nobody else', async () => {
    const school = await w.call('admin', 'POST', '/api/v1/schools', { name: '浦东新区测试第三小学', kind: 'primary', district: 'pudong', pupils: 640 });
    expect(school.status).toBe(201);
    expect((await w.call('manager', 'GET', '/api/v1/schools')).body.items.some((s: { id: string }) => s.id === school.body.id)).toBe(true);
    const centre = await w.call('admin', 'POST', '/api/v1/centers', { name: '测试社区卫生服务中心', nameEn: 'Test CHC', kind: 'community', district: 'pudong', street: '测试街道' });
    expect(centre.status).toBe(201);
    expect((await w.call('admin', 'POST', '/api/v1/centers', { name: '测试社区卫生服务中心', nameEn: 'x', kind: 'community', district: 'pudong' })).status).toBe(409);
    expect((await w.call('manager', 'POST', '/api/v1/schools', { name: 'x', kind: 'primary', district: 'pudong', pupils: 1 })).status).toBe(403);
    const bad = await w.call('admin', 'POST', '/api/v1/schools', { name: '', kind: 'college', district: 'Pudong!', pupils: 0 });
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['district', 'kind', 'name', 'pupils']);
    const audit = await w.db.selectFrom('audit_log').select('entity').where('action', '=', 'create').where('entity', 'in', ['school', 'centre']).execute();
    expect(audit).toHaveLength(2);
  });

  it('loads the hospital and the 24 Pudong centres on a new real (non-demo) database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asthma-real-'));
    const opened = await openAndMigrate(join(dir, 'real.db'));
    try {
      const lines: string[] = [];
      await prepareDatabase(opened, testConfig({ ADMIN_PASSWORD: 'a-long-admin-password' }), fixedClock('2026-03-02T00:00:00Z'), silentLogger, (l) => lines.push(l));
      const centres = await opened.db.selectFrom('centers').select(['kind']).execute();
      expect(centres.filter((c) => c.kind === 'hospital')).toHaveLength(1);
      expect(centres.filter((c) => c.kind === 'community')).toHaveLength(24);
      expect(await opened.db.selectFrom('children').select('id').execute()).toEqual([]);
      expect(lines.join('\n')).toContain('ADMIN_PASSWORD');
    } finally {
      await opened.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
