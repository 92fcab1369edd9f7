// The one table of who may do what (server/auth/policy.ts): every route and page names an action
// from it, and the table answers as the access matrix expects.
import { describe, expect, it } from 'vitest';
import { assertMay, may, POLICY, rolesFor, type Action } from '../../../server/auth/policy';
import { createWorld } from '../../helpers/world';

const ROLES = ['admin', 'manager', 'clinician', 'nurse', 'parent'] as const;

describe('the policy', () => {
  it('answers may() from the table, role by role', () => {
    for (const action of Object.keys(POLICY) as Action[]) {
      for (const role of ROLES) expect(may({ role }, action), `${role} ${action}`).toBe(rolesFor(action).includes(role));
    }
  });

  it('refuses with 403, and the message given', () => {
    expect(() => assertMay({ role: 'manager' }, 'children.read')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertMay({ role: 'parent' }, 'jobs.run', 'Only admins run jobs')).toThrow('Only admins run jobs');
    expect(() => assertMay({ role: 'admin' }, 'jobs.run')).not.toThrow();
  });

  it('keeps the clinical record from managers and nurses, and referrals to clinicians', () => {
    expect(rolesFor('children.read')).not.toContain('manager');
    expect(rolesFor('children.read')).not.toContain('nurse');
    expect(rolesFor('referrals.write')).toEqual(['clinician']);
    expect(rolesFor('worklist.own')).toEqual(['clinician']);
  });

  it('is what every API route names: the OpenAPI document lists each guarded route with its action and roles', async () => {
    const w = await createWorld();
    try {
      const guarded = w.api.routes.filter((r) => r.access !== 'public' && r.access.action);
      expect(guarded.length).toBeGreaterThan(50);
      const doc = (await w.call(null, 'GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { 'x-action'?: string; 'x-roles'?: string[] }>> };
      const operations = Object.values(doc.paths)
        .flatMap((p) => Object.values(p))
        .filter((o) => o['x-action']);
      expect(operations).toHaveLength(guarded.length);
      for (const o of operations) expect(o['x-roles']).toEqual(rolesFor(o['x-action'] as Action));
    } finally {
      await w.close();
    }
  });
});
