// Every route of the FHIR interface, for every role (a signed-in session) and for backend clients
// of different bindings and scopes: the status each gets, as the JSON API's scope rules decide
// (issue 35). A 2xx answer to a side-A or side-B caller never holds the other side's child.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, type World } from '../../helpers/world';
import { securityWorld, seedObjects, type Objects } from '../../security/fixtures';
import { registerClient, tokenFor } from './helpers';

const COLUMNS = ['anon', 'admin', 'manager', 'clinicA', 'clinicB', 'hospital', 'nurse1', 'parent1', 'parent2', 'cA:*.rs', 'cA:Patient.rs', 'district:*.rs', 'cB:*.rs', 'cA:write'] as const;
type Column = (typeof COLUMNS)[number];
const CLIENTS: Partial<Record<Column, { centre: 'A' | 'B' | null; scopes: string }>> = {
  'cA:*.rs': { centre: 'A', scopes: 'system/*.rs' },
  'cA:Patient.rs': { centre: 'A', scopes: 'system/Patient.rs' },
  'district:*.rs': { centre: null, scopes: 'system/*.rs' },
  'cB:*.rs': { centre: 'B', scopes: 'system/*.rs' },
  'cA:write': { centre: 'A', scopes: 'system/Encounter.c system/Task.u system/ServiceRequest.c' },
};
const SIDE: Partial<Record<Column, 'A' | 'B'>> = { clinicA: 'A', parent1: 'A', 'cA:*.rs': 'A', 'cA:Patient.rs': 'A', 'cA:write': 'A', clinicB: 'B', parent2: 'B', 'cB:*.rs': 'B' };

interface Row {
  method: string;
  path: (o: Objects) => string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: string;
}
const row = (method: string, path: (o: Objects) => string, expect: string, opts: Partial<Row> = {}): Row => ({ method, path, expect, ...opts });

const childRead = (type: string) => row('GET', (o) => `${type}?patient=${o.childA}`, '401  200  403  200  404  404  403  200  404  200  403  200  404  403');
//                                                                              anon adm  mgr  cliA cliB hosp nur1 par1 par2 cA   cApt dist cB   cAw
const ROWS: Row[] = [
  row('GET', () => 'metadata', '200  200  200  200  200  200  200  200  200  200  200  200  200  200'),
  row('GET', () => '.well-known/smart-configuration', '200  200  200  200  200  200  200  200  200  200  200  200  200  200'),
  row('GET', (o) => `Patient/${o.childA}`, '401  200  403  200  404  404  403  200  404  200  200  200  404  403'),
  row('GET', (o) => `Patient/${o.childB}`, '401  200  403  404  200  404  403  404  200  404  404  200  200  403'),
  row('GET', (o) => `Patient/${o.referredA}`, '401  200  403  200  404  200  403  404  404  200  200  200  404  403'),
  row('GET', () => 'Patient', '401  200  403  200  200  200  403  200  200  200  200  200  200  403'),
  row('GET', (o) => `Condition/${o.childA}-asthma`, '401  200  403  200  404  404  403  200  404  200  403  200  404  403'),
  ...['Observation', 'Encounter', 'QuestionnaireResponse', 'RelatedPerson', 'Condition', 'Consent', 'Flag', 'CarePlan'].map(childRead),
  ...['Organization', 'Location', 'Questionnaire', 'CodeSystem'].map((t) => row('GET', () => t, '401  200  200  200  200  200  200  200  200  200  403  200  200  403')),
  row('GET', () => 'Questionnaire/c-act', '401  200  200  200  200  200  200  200  200  200  403  200  200  403'),
  row('GET', (o) => `Task/${o.referralA}`, '401  200  403  200  404  200  403  403  403  200  403  200  404  403'),
  row('GET', (o) => `ServiceRequest/${o.referralA}`, '401  200  403  200  404  200  403  403  403  200  403  200  404  403'),
  row('GET', () => 'Task?status=requested', '401  200  403  200  200  200  403  403  403  200  403  200  200  403'),
  row('GET', () => 'ServiceRequest', '401  200  403  200  200  200  403  403  403  200  403  200  200  403'),
  // Same status: no move, so every caller who may update it gets 200 and nothing changes. A token's
  // scopes are checked before the object (403 before 404), as a role is for users.
  row('PUT', (o) => `Task/${o.referralA}`, '401  200  403  200  404  200  403  403  403  403  403  403  403  200', { body: { resourceType: 'Task', status: 'requested' } }),
  row('PATCH', (o) => `Task/${o.referralA}`, '401  200  403  200  404  200  403  403  403  403  403  403  404  403', {
    body: [{ op: 'test', path: '/status', value: 'requested' }],
    headers: { 'content-type': 'application/json-patch+json' },
  }),
  row('POST', () => 'Encounter', '401  400  403  400  400  400  403  403  403  403  403  403  403  400', { body: { resourceType: 'Encounter' } }),
  row('POST', () => 'ServiceRequest', '405  405  405  405  405  405  405  405  405  405  405  405  405  405', { body: { resourceType: 'ServiceRequest' } }),
  row('POST', () => '/fhir/r4', '401  400  400  400  400  400  400  400  400  400  400  400  400  400', { body: { resourceType: 'Bundle', type: 'collection' } }),
  row('GET', () => `Group/${ids.centreA}/$export`, '401  202  403  202  404  404  403  403  403  202  403  202  404  403', { headers: { prefer: 'respond-async' } }),
  row('GET', () => '/fhir/r4/_admin/unmatched', '401  200  403  200  200  200  403  403  403  403  403  403  403  403'),
];

let w: World;
let o: Objects;
const tokens: Partial<Record<Column, string>> = {};
beforeAll(async () => {
  w = await securityWorld();
  o = await seedObjects(w);
  for (const [column, c] of Object.entries(CLIENTS)) {
    const client = await registerClient(w, { centerId: c.centre === 'A' ? ids.centreA : c.centre === 'B' ? ids.centreB : null, scopes: c.scopes });
    tokens[column as Column] = await tokenFor(w, client, c.scopes);
  }
}, 60_000);
afterAll(async () => {
  await w?.close();
});

function caller(column: Column) {
  if (column === 'anon') return null;
  if (tokens[column]) return { token: tokens[column]! };
  return column;
}

describe('FHIR access matrix', () => {
  it('every route, every role and client binding/scope', async () => {
    const mismatches: string[] = [];
    for (const r of ROWS) {
      const expected = r.expect.trim().split(/\s+/);
      expect(expected, r.path(o)).toHaveLength(COLUMNS.length);
      for (const [i, column] of COLUMNS.entries()) {
        const path = r.path(o);
        const as = caller(column);
        const headers: Record<string, string> = { accept: 'application/fhir+json', ...r.headers };
        if (as && typeof as === 'object') headers.authorization = `Bearer ${as.token}`;
        else if (as) headers.cookie = await w.cookieFor(as);
        if (r.body !== undefined) headers['content-type'] ??= 'application/fhir+json';
        const res = await w.app.request(path.startsWith('/') ? path : `/fhir/r4/${path}`, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
        const text = await res.text();
        if (String(res.status) !== expected[i]) mismatches.push(`${r.method} ${path} as ${column}: expected ${expected[i]}, got ${res.status} ${text.slice(0, 160)}`);
        if (res.status >= 400 && res.status !== 405 && !text.includes('OperationOutcome') && !path.includes('_admin')) mismatches.push(`${r.method} ${path} as ${column}: ${res.status} without an OperationOutcome`);
        const side = SIDE[column];
        if (res.status < 300 && side) {
          const other = side === 'A' ? [o.childB, o.referralB] : [o.childA, o.referralA];
          for (const id of other) if (text.includes(id) && !path.includes(id)) mismatches.push(`${r.method} ${path} as ${column}: LEAK of ${id}`);
        }
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  }, 120_000);
});
