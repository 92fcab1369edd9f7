// Hostile bodies to every FHIR write (seeded fast-check, as test/security/hostile-input.test.ts):
// each answer is a success or a 4xx OperationOutcome, never a 500, and nothing reaches a prototype.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { fhir, registerClient, tokenFor } from './helpers';

let w: World;
let token: { token: string };
let referral: string;
beforeAll(async () => {
  w = await createWorld();
  const child = await enrol(w);
  referral = (await w.call('clinicA', 'POST', '/api/v1/referrals', { childId: child, direction: 'up', toCenterId: w.ids.hospital, urgency: 'routine', reasons: ['U5'], summary: '连续两次随访未控制' })).body.id;
  const scopes = 'system/*.cruds';
  token = { token: await tokenFor(w, await registerClient(w, { centerId: w.ids.hospital, scopes }), scopes) };
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const seed = Number(process.env.FUZZ_SEED ?? 35);
const anyJson = fc.jsonValue({ maxDepth: 4 });
const resourceLike = (type: string) =>
  fc.record(
    {
      resourceType: fc.constantFrom(type, 'Bundle', 'Patient'),
      status: fc.oneof(fc.string(), fc.constantFrom('accepted', 'completed', 'finished')),
      class: anyJson,
      subject: anyJson,
      period: anyJson,
      entry: anyJson,
      type: fc.constantFrom('transaction', 'batch', 'x'),
    },
    { requiredKeys: [] },
  );

describe('hostile FHIR writes', () => {
  for (const [method, path, contentType] of [
    ['POST', 'Encounter', 'application/fhir+json'],
    ['POST', '/fhir/r4', 'application/fhir+json'],
    ['PUT', 'Task/:id', 'application/fhir+json'],
    ['PATCH', 'Task/:id', 'application/json-patch+json'],
  ] as const) {
    it(`${method} ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyJson,
            resourceLike(path.startsWith('Task') ? 'Task' : 'Encounter'),
            fc.array(fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'test'), path: fc.constantFrom('/status', '/__proto__/polluted', '/constructor/prototype/polluted', '/a/b', '/output/-'), value: anyJson })),
          ),
          async (body) => {
            const res = await fhir(w, token, method, path.replace(':id', referral), body, contentType);
            expect(res.status, res.text).toBeLessThan(500);
            if (res.status >= 400) expect(res.body?.resourceType, res.text).toBe('OperationOutcome');
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
      );
    }, 60_000);
  }
});
