import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { runIndexJob } from '../../../server/asthma-index/job';
import { runNotifyPass } from '../../../jobs/notify';
import { createLogger } from '../../../server/log';
import { closeFakes, families, notifyConfig, outbox, PHONE_1, SMS_SECRET, startFakes, type Fakes } from './world';

const SIX = '2025-01-20T22:00:00Z';
const SEVEN = '2025-01-20T23:00:00Z';

let f: Fakes;
let w: World;
let kids: Awaited<ReturnType<typeof families>>;
let logLines: string[];

beforeAll(async () => {
  f = await startFakes();
});
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  f.wechat.sent.length = 0;
  f.sms.sent.length = 0;
  f.wechat.mode = 'up';
  f.sms.mode = 'up';
  f.sms.illegal.clear();
  f.sms.nextCodes.length = 0;
  f.wechat.nextSendAnswers.length = 0;
  w = await createWorld({ now: SIX, config: notifyConfig(f) });
  logLines = [];
  w.deps.log = createLogger('debug', (line) => logLines.push(line));
  kids = await families(w, f);
  await runIndexJob(w.deps, { trigger: 'cli' });
  w.clock.set(SEVEN);
});
afterEach(async () => {
  await w.close();
});

describe('permanent failures', () => {
  it('a number the operator refuses: failed at once, never retried, and SMS turned off for that child', async () => {
    f.sms.illegal.add(PHONE_1);
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 2, failed: 1, retried: 0 });
    const failed = (await outbox(w)).find((r) => r.status === 'failed')!;
    expect([failed.channel, failed.attempts, failed.last_error]).toEqual(['sms', 1, 'sms:isv.MOBILE_NUMBER_ILLEGAL']);
    const prefs = await w.db.selectFrom('notification_prefs').select(['child_id', 'sms']).where('user_id', '=', w.userIds.parent1!).execute();
    expect(prefs.find((p) => p.child_id === kids.childA)!.sms).toBe(0);
    w.clock.set('2025-01-21T02:00:00Z');
    const calls = f.sms.calls;
    await runNotifyPass(w.deps);
    expect(f.sms.calls).toBe(calls);
  });

  it('an openid that unfollowed the account: the binding goes inactive and nothing more is sent to it', async () => {
    f.wechat.followers.delete('openid-1');
    expect(await runNotifyPass(w.deps)).toMatchObject({ failed: 1 });
    const binding = await w.db.selectFrom('wechat_bindings').select(['active', 'ended_reason']).where('openid', '=', 'openid-1').executeTakeFirstOrThrow();
    expect(binding).toEqual({ active: 0, ended_reason: 'wechat:43004' });
    const settings = await w.call('parent1', 'GET', '/api/v1/notifications/settings');
    expect(settings.body.channels.wechat.bound).toBe(false);
    f.wechat.followers.add('openid-1');
  });
});

describe('retries and the token', () => {
  it('a rate limit is retried with back-off until it goes, once', async () => {
    // Both SMS limited at 07:00; at 07:01 one of them again.
    f.sms.nextCodes.push('isv.BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL');
    await runNotifyPass(w.deps);
    w.clock.set('2025-01-20T23:01:00Z');
    await runNotifyPass(w.deps);
    const waiting = (await outbox(w)).filter((r) => r.channel === 'sms' && r.status === 'pending');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ attempts: 2, last_error: 'sms:isv.BUSINESS_LIMIT_CONTROL', next_attempt_at: '2025-01-20T23:03:00.000Z' });
    w.clock.set('2025-01-20T23:03:00Z');
    await runNotifyPass(w.deps);
    expect(f.sms.sent).toHaveLength(2);
    expect((await outbox(w)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a token WeChat no longer accepts (42001) is fetched anew within the pass and the message goes once', async () => {
    f.wechat.followers.add('openid-1');
    const before = f.wechat.tokenFetches; // the cache starts empty (families() forgets tokens)
    f.wechat.nextSendAnswers.push({ errcode: 42001, errmsg: 'access_token expired' });
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 3 });
    expect(f.wechat.tokenFetches - before).toBe(2); // the first token, then its replacement after 42001
    expect(f.wechat.sent).toHaveLength(1);
  });
});

describe('the daily cap and the urgent acknowledgement', () => {
  it('at most 3 SMS a parent a day; the urgent acknowledgement goes even past it, at night, with the safety wording', async () => {
    // Both children due for review in two days and without a diary for 3 days: at 19:00, index +
    // 2 diary reminders + 2 follow-up reminders are due for parent1 on each channel.
    await w.db.updateTable('children').set({ next_due_date: '2025-01-23' }).where('id', 'in', [kids.childA, kids.childC]).execute();
    w.clock.set('2025-01-24T11:00:00Z'); // 19:00 on the 24th, 3 days after enrolment
    await w.db.updateTable('children').set({ next_due_date: '2025-01-26' }).where('id', 'in', [kids.childA, kids.childC]).execute();
    await runIndexJob(w.deps, { trigger: 'cli', offline: true }).catch(() => null);
    await runNotifyPass(w.deps);
    const smsToParent1 = f.sms.sent.filter((m) => m.phone === PHONE_1);
    expect(smsToParent1).toHaveLength(3);
    const capped = (await outbox(w)).filter((r) => r.user_id === w.userIds.parent1 && r.channel === 'sms' && r.last_error === 'daily cap');
    expect(capped.length).toBeGreaterThan(0);
    expect(f.wechat.sent.filter((m) => m.touser === 'openid-1').length).toBeGreaterThan(3);

    // 22:05, quiet hours, after the hour's full reading of choices at 22:00: a red-zone diary day
    // brings the acknowledgement at the next minute's pass on both channels.
    w.clock.set('2025-01-24T14:00:00Z');
    await runNotifyPass(w.deps);
    w.clock.set('2025-01-24T14:05:00Z');
    w.forgetSessions();
    const diary = await w.call('parent1', 'PUT', `/api/v1/children/${kids.childA}/diary/2025-01-24`, { daytimeSymptoms: 'severe', nightWaking: true, nightCough: true, activityLimited: true, relieverUses: 2 });
    expect(diary.status).toBe(200);
    await runNotifyPass(w.deps);
    const urgentSms = f.sms.sent.filter((m) => m.templateCode === 'SMS_URGENT');
    expect(urgentSms).toEqual([{ phone: PHONE_1, signName: '浦东儿童哮喘', templateCode: 'SMS_URGENT', params: {} }]);
    const urgentWx = f.wechat.sent.filter((m) => m.template_id === 'T-urgent');
    expect(urgentWx).toHaveLength(1);
    expect(
      Object.values(urgentWx[0]!.data)
        .map((d) => d.value)
        .join(' '),
    ).toMatch(/工作时间.*夜间和周末无人查看.*拨打120/);
    // Not twice, whatever passes follow.
    w.clock.set('2025-01-24T14:06:00Z');
    await runNotifyPass(w.deps);
    w.clock.set('2025-01-24T15:00:00Z');
    await runNotifyPass(w.deps);
    expect(f.sms.sent.filter((m) => m.templateCode === 'SMS_URGENT')).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('no phone, openid, token or secret in logs, audit rows or admin answers', async () => {
    f.sms.mode = 'down';
    await runNotifyPass(w.deps);
    f.sms.mode = 'up';
    const status = await w.call('admin', 'GET', '/api/v1/notifications/outbox');
    expect(status.status).toBe(200);
    expect(status.body.items).toHaveLength(3);
    const audit = JSON.stringify(await w.db.selectFrom('audit_log').selectAll().execute());
    for (const text of [status.text, audit, logLines.join('\n')]) {
      for (const secret of [PHONE_1, 'openid-1', SMS_SECRET, f.wechat.secret, 'TOKEN_']) expect(text).not.toContain(secret);
    }
  });
});
