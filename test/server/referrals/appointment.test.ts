import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../../helpers/pages';
import { createWorld, type World } from '../../helpers/world';
import { referredUp } from './fixtures';

// Accepting a referral can book the visit (issue 30); the referring centre reads it on the referral.
// A missed visit, which ends the referral, is confirmed before it is recorded.
let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});
const { page, post } = pageClient(() => w);

describe('an appointment booked at acceptance', () => {
  it('is kept with the referral and shown to the referring centre', async () => {
    const { id } = await referredUp(w);
    const res = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, { appointmentDate: '2026-03-09', appointmentTime: '09:30' });
    expect(res.status).toBe(200);
    expect(res.body.appointment).toEqual({ date: '2026-03-09', time: '09:30' });
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body.appointment).toEqual({ date: '2026-03-09', time: '09:30' });
    const html = (await page('clinicA', `/referrals/${id}`, 'en')).html;
    expect(html).toContain('<dt>Appointment</dt><dd>2026-03-09 09:30</dd>');
  });

  it('is optional: accepting without one books nothing', async () => {
    const { id } = await referredUp(w);
    const res = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {});
    expect(res.status).toBe(200);
    expect(res.body.appointment).toBeNull();
  });

  it('refuses a past date, a time without a date, a bad time and a booking by any other move, changing nothing', async () => {
    const { id } = await referredUp(w);
    const today = (await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.createdAt.slice(0, 10);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ appointmentDate: '2020-01-01' }, 'accept', 'appointmentDate'],
      [{ appointmentTime: '09:30' }, 'accept', 'appointmentDate'],
      [{ appointmentDate: today, appointmentTime: '25:00' }, 'accept', 'appointmentTime'],
      [{ appointmentDate: today, reason: 'full' }, 'reject', 'appointmentDate'],
    ];
    for (const [body, action, field] of cases) {
      const res = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/${action}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const after = (await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body;
    expect(after).toMatchObject({ status: 'requested', appointment: null });
  });

  it('is asked for on the accept form, and a bad time is named beside its field', async () => {
    const { id } = await referredUp(w);
    const form = (await page('hospital', `/referrals/${id}`)).html;
    expect(form).toContain('name="appointmentDate" type="date"');
    expect(form).toContain('name="appointmentTime" type="time"');
    const bad = await post('hospital', `/referrals/${id}/accept`, { appointmentDate: '2026-03-09', appointmentTime: '9h' }, 'en');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="accept-appointmentTime-error">Enter a time as HH:MM</p>');
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.status).toBe('requested');
    const ok = await post('hospital', `/referrals/${id}/accept`, { appointmentDate: '2026-03-09', appointmentTime: '' });
    expect(ok.status).toBe(303);
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.appointment).toEqual({ date: '2026-03-09', time: null });
  });
});

describe('recording a missed visit on the referral page', () => {
  it('asks for a tick first, names it if missing, and changes nothing until then', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {})).status).toBe(200);
    const form = (await page('hospital', `/referrals/${id}`)).html;
    expect(form).toContain('id="fail-confirm" type="checkbox" name="confirm" value="yes" required');
    const unticked = await post('hospital', `/referrals/${id}/fail`, { reason: '' }, 'en');
    expect(unticked.status).toBe(400);
    expect(unticked.html).toContain('id="fail-confirm-error">Tick the box to confirm the child did not come</p>');
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.status).toBe('accepted');
    const ticked = await post('hospital', `/referrals/${id}/fail`, { confirm: 'yes', reason: '' });
    expect(ticked.status).toBe(303);
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.status).toBe('failed');
  });
});
