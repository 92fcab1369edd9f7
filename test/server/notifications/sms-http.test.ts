// What the sender does to the SDK's HTTP layer (server/notifications/sms-http.ts), against the fake.
// A pooled connection the provider closes just as the next SMS goes out loses that SMS as uncertain
// (it may have been taken, so it is never sent again): the sender closes connections idle past
// SMS_IDLE_MS, shorter than a provider's idle limit. And a request is let go once its answer is read.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { testConfig } from '../../../server/config';
import { smsSettings } from '../../../server/notifications/channels';
import { renderSms } from '../../../server/notifications/render';
import { createSmsSender } from '../../../server/notifications/sms';
import { SMS_IDLE_MS } from '../../../server/notifications/sms-http';
import { smsEnvFor, startFakeSms, type FakeSms } from '../../fakes/sms';

let fake: FakeSms;
beforeAll(async () => {
  // A provider that keeps idle connections longer than the wait below, so only the sender can close them.
  fake = await startFakeSms({ keepAliveMs: 60_000 });
});
afterAll(async () => {
  await fake.close();
});
// Each test counts only what it sent (the suite runs its tests in a shuffled order).
beforeEach(() => {
  fake.sent.length = 0;
});

const settings = () => smsSettings(testConfig(smsEnvFor(fake)))!;

/** Resolves once the fake has no connection open, or after `ms` (the assertions then tell). */
async function idleClosedOrAfter(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (fake.connections() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
}

it('does not send on a connection the provider closes as the next message goes', async () => {
  const send = createSmsSender(settings(), 5000);
  const msg = renderSms({ kind: 'index', date: '2026-03-02', district: '浦东新区', level: 4, label: '较高风险' }, '浦东儿童哮喘');
  expect(await send('13800138000', msg)).toMatchObject({ result: 'sent' });
  await idleClosedOrAfter(SMS_IDLE_MS * 3);
  // The provider's idle limit passes in the same instant as the next send starts.
  fake.closeIdle();
  expect(await send('13800138001', msg)).toMatchObject({ result: 'sent' });
  expect(fake.sent.map((m) => m.phone)).toEqual(['13800138000', '13800138001']);
});

it('lets each request go once its answer is read, though the timeout is a minute', async () => {
  const send = createSmsSender(settings(), 60_000);
  const msg = renderSms({ kind: 'index', date: '2026-03-02', district: '浦东新区', level: 4, label: '较高风险' }, '浦东儿童哮喘');
  const requests: WeakRef<ClientRequest>[] = [];
  const started = (message: unknown) => {
    requests.push(new WeakRef((message as { request: ClientRequest }).request));
  };
  subscribe('http.client.request.start', started);
  try {
    for (let i = 0; i < 5; i++) expect(await send(`1380013800${i}`, msg)).toMatchObject({ result: 'sent' });
  } finally {
    unsubscribe('http.client.request.start', started);
  }
  expect(requests).toHaveLength(5);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // A WeakRef's target stays until the task that read it ends: collect across a few tasks.
  for (let i = 0; i < 5 && requests.some((r) => r.deref() !== undefined); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
  }
  expect(requests.filter((r) => r.deref() !== undefined)).toHaveLength(0);
});
