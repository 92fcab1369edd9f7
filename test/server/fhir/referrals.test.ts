// The referral round trip through FHIR alone (issue 35): up as a transaction Bundle, accepted,
// started and completed with its outcome by Task updates, then down with a care plan and accepted,
// each move through the referral service, and the same seen on the platform's JSON API and pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { SYS, EXT } from '../../../server/fhir/codes';
import { fhir, registerClient, resourcesIn, tokenFor, validationProblems } from './helpers';

let w: World;
let child: string;
let centreA: { token: string };
let hospital: { token: string };
beforeAll(async () => {
  w = await createWorld();
  child = await enrol(w);
  const scopes = 'system/ServiceRequest.crs system/Task.cruds system/Patient.rs';
  centreA = { token: await tokenFor(w, await registerClient(w, { centerId: w.ids.centreA, scopes }), scopes) };
  hospital = { token: await tokenFor(w, await registerClient(w, { centerId: w.ids.hospital, scopes }), scopes) };
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const expectValid = (body: unknown) => {
  for (const r of resourcesIn(body)) expect(validationProblems(r), JSON.stringify(r).slice(0, 300)).toEqual([]);
};

const bundle = (sr: Record<string, unknown>) => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    { fullUrl: 'urn:uuid:1d6f0a52-5f7a-4b56-9d8e-8b0d2b1a0001', resource: sr, request: { method: 'POST', url: 'ServiceRequest' } },
    {
      fullUrl: 'urn:uuid:1d6f0a52-5f7a-4b56-9d8e-8b0d2b1a0002',
      resource: { resourceType: 'Task', status: 'requested', intent: 'order', focus: { reference: 'urn:uuid:1d6f0a52-5f7a-4b56-9d8e-8b0d2b1a0001' } },
      request: { method: 'POST', url: 'Task' },
    },
  ],
});
const serviceRequest = (direction: 'up' | 'down', to: string, reasons: string[], extra: Record<string, unknown>[] = []) => ({
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  priority: 'routine',
  extension: [{ url: EXT.direction, valueCode: direction }, ...extra],
  subject: { reference: `Patient/${child}` },
  performer: [{ reference: `Organization/${to}` }],
  reasonCode: reasons.map((code) => ({ coding: [{ system: SYS.referralReason, code }] })),
  note: [{ text: direction === 'up' ? '连续两次随访未控制，吸入技术已核查' : '已控制，回社区随访' }],
});

describe('referral round trip through FHIR', () => {
  it('up, accept, start, complete with outcome, down with care plan, accept; same on the JSON API', async () => {
    expectValid(bundle(serviceRequest('up', w.ids.hospital, ['U5'])));
    const up = await fhir(w, centreA, 'POST', '/fhir/r4', bundle(serviceRequest('up', w.ids.hospital, ['U5'])));
    expect(up.status, up.text).toBe(200);
    expectValid(up.body);
    const [sr, task] = up.body.entry.map((e: any) => e.resource);
    expect(task).toMatchObject({ status: 'requested', focus: { reference: `ServiceRequest/${sr.id}` }, owner: { reference: `Organization/${w.ids.hospital}` } });
    const id = task.id as string;

    // The referring side may not accept (403, as the JSON API); the receiving side accepts with an appointment.
    expect((await fhir(w, centreA, 'PUT', `Task/${id}`, { ...task, status: 'accepted' })).status).toBe(403);
    const accepted = await fhir(w, hospital, 'PUT', `Task/${id}`, { ...task, status: 'accepted', restriction: { period: { start: '2026-03-05T09:30:00+08:00' } } });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.restriction.period.start).toBe('2026-03-05T09:30:00+08:00');
    expectValid(accepted.body);
    // A move the state machine does not allow is 409, as the JSON API's illegal_transition.
    const skip = await fhir(w, hospital, 'PUT', `Task/${id}`, { ...task, status: 'completed', output: [{ type: { text: 'outcome' }, valueString: 'x' }] });
    expect(skip.status).toBe(409);
    expectValid(skip.body);
    const started = await fhir(w, hospital, 'PATCH', `Task/${id}`, [{ op: 'replace', path: '/status', value: 'in-progress' }], 'application/json-patch+json');
    expect(started.status, started.text).toBe(200);
    // Completing needs the outcome (400, from the referral rules), then closes the loop with it.
    expect((await fhir(w, hospital, 'PATCH', `Task/${id}`, [{ op: 'replace', path: '/status', value: 'completed' }], 'application/json-patch+json')).status).toBe(400);
    const done = await fhir(
      w,
      hospital,
      'PATCH',
      `Task/${id}`,
      [
        { op: 'replace', path: '/status', value: 'completed' },
        { op: 'add', path: '/output', value: [{ type: { coding: [{ system: SYS.taskOutput, code: 'outcome' }] }, valueString: '肺功能正常，维持二级治疗，回社区随访' }] },
      ],
      'application/json-patch+json',
    );
    expect(done.status, done.text).toBe(200);
    expect(done.body.output[0].valueString).toBe('肺功能正常，维持二级治疗，回社区随访');
    expectValid(done.body);
    const sent = await fhir(w, centreA, 'GET', `ServiceRequest/${id}`);
    expect(sent.body.status).toBe('completed');

    const plan = {
      url: EXT.carePlan,
      extension: [
        { url: 'controller', valueString: '布地奈德福莫特罗' },
        { url: 'dose', valueString: '160/4.5 µg 每日两次' },
        { url: 'ginaStep', valueInteger: 2 },
        { url: 'actionPlanGiven', valueBoolean: true },
        { url: 'nextReviewDate', valueDate: '2026-04-01' },
      ],
    };
    const down = await fhir(w, hospital, 'POST', '/fhir/r4', bundle(serviceRequest('down', w.ids.centreA, ['D1'], [plan])));
    expect(down.status, down.text).toBe(200);
    expectValid(down.body);
    const downTask = down.body.entry[1].resource;
    const back = await fhir(w, centreA, 'PUT', `Task/${downTask.id}`, { ...downTask, status: 'accepted' });
    expect(back.status, back.text).toBe(200);

    // The platform's JSON API (what its pages show) tells the same story.
    const api = await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`);
    expect(api.body.status).toBe('completed');
    expect(api.body.outcome).toBe('肺功能正常，维持二级治疗，回社区随访');
    expect(api.body.history.map((h: any) => h.to)).toEqual(['requested', 'accepted', 'in-progress', 'completed']);
    const apiDown = await w.call('clinicA', 'GET', `/api/v1/referrals/${downTask.id}`);
    expect(apiDown.body).toMatchObject({ status: 'accepted', direction: 'down' });
    const pageRes = await w.app.request(`/referrals/${id}`, { headers: { cookie: await w.cookieFor('clinicA') } });
    expect(await pageRes.text()).toContain('肺功能正常，维持二级治疗，回社区随访');
    // Searches see the same.
    const tasks = await fhir(w, hospital, 'GET', `Task?patient=${child}&status=completed`);
    expect(tasks.body.entry.map((e: any) => e.resource.id)).toEqual([id]);
    expectValid(tasks.body);
  });

  it('two simultaneous moves of one Task: one wins, the other is 409 (the referral service decides)', async () => {
    const up = await fhir(w, centreA, 'POST', '/fhir/r4', bundle(serviceRequest('up', w.ids.hospital, ['U5'])));
    const task = up.body.entry[1].resource;
    const [a, b] = await Promise.all([fhir(w, hospital, 'PUT', `Task/${task.id}`, { ...task, status: 'accepted' }), fhir(w, hospital, 'PUT', `Task/${task.id}`, { ...task, status: 'rejected', statusReason: { text: '不符合指征' } })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.issue[0].code).toBe('business-rule');
    const history = await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', task.id).execute();
    expect(history).toHaveLength(2);
    await fhir(w, centreA, 'PUT', `Task/${task.id}`, { ...task, status: 'cancelled', statusReason: { text: '测试结束' } });
  });

  it('a third centre sees neither resource (404); a token without Task.u may not move it (403)', async () => {
    const up = await fhir(w, 'clinicB', 'GET', 'Task?status=requested');
    expect(up.status).toBe(200);
    expect(up.body.total).toBe(0);
    const readOnly = await registerClient(w, { centerId: w.ids.hospital, scopes: 'system/Task.rs' });
    const token = { token: await tokenFor(w, readOnly, 'system/Task.rs') };
    const other = await enrol(w, { name: '第三中心测试' });
    const made = await w.call('clinicA', 'POST', '/api/v1/referrals', { childId: other, direction: 'up', toCenterId: w.ids.hospital, urgency: 'routine', reasons: ['U5'], summary: '连续两次随访未控制' });
    expect(made.status, made.text).toBe(201);
    const any = made.body.id as string;
    expect((await fhir(w, token, 'PATCH', `Task/${any}`, [{ op: 'replace', path: '/status', value: 'failed' }], 'application/json-patch+json')).status).toBe(403);
    expect((await fhir(w, 'clinicB', 'GET', `Task/${any}`)).status).toBe(404);
  });
});
