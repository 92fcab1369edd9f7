// Parents' WeChat and SMS notifications (issue 34, docs/notifications.md): the parent's settings,
// SMS consent and WeChat binding (binding by OAuth is the page's: WeChat sends the code to a page,
// web/family-app/notification-pages.tsx); the admin's delivery status; the manager's reach per channel.
import { z } from 'zod';
import { defineRoute, requestContext, type Api } from '../http/route';
import { channelReach, listOutbox, outboxQuery, reachQuery } from './admin';
import { getSettings, giveSmsConsent, newBindCode, prefsSchema, savePrefs, unbindWechat, withdrawSmsConsent } from './service';

const idParam = z.object({ id: z.uuid('v.id') });
const parents = { action: 'family.own' } as const;

export function registerNotificationRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/notifications/settings', summary: "The parent's channels (WeChat bound, SMS offered) and each child's choices and SMS consent", tag: 'notifications', access: parents }, async (c) =>
    c.json(await getSettings(c.get('deps'), requestContext(c))),
  );
  defineRoute(
    api,
    {
      method: 'put',
      path: '/notifications/children/:id',
      summary: "A child's notification choices: channels, messages, index level, quiet hours (SMS needs consent, WeChat a binding)",
      tag: 'notifications',
      access: parents,
      params: idParam,
      body: prefsSchema,
    },
    async (c, { params, body }) => c.json(await savePrefs(c.get('deps'), requestContext(c), params.id, body, c.get('lang'))),
  );
  defineRoute(
    api,
    { method: 'put', path: '/notifications/children/:id/sms-consent', summary: 'The enrolment guardian agrees to SMS at the enrolment phone (recorded: who and when)', tag: 'notifications', access: parents, params: idParam },
    async (c, { params }) => c.json(await giveSmsConsent(c.get('deps'), requestContext(c), params.id)),
  );
  defineRoute(api, { method: 'delete', path: '/notifications/children/:id/sms-consent', summary: 'Withdraw SMS consent (SMS stops at once)', tag: 'notifications', access: parents, params: idParam }, async (c, { params }) =>
    c.json(await withdrawSmsConsent(c.get('deps'), requestContext(c), params.id)),
  );
  defineRoute(api, { method: 'post', path: '/notifications/wechat/code', summary: 'A one-time code (10 minutes) to send to the service account in WeChat, which binds it', tag: 'notifications', access: parents, status: 201 }, async (c) =>
    c.json(await newBindCode(c.get('deps'), requestContext(c)), 201),
  );
  defineRoute(api, { method: 'delete', path: '/notifications/wechat', summary: 'Unbind WeChat (WeChat messages stop at once)', tag: 'notifications', access: parents }, async (c) => {
    await unbindWechat(c.get('deps'), requestContext(c));
    return c.json({ ok: true });
  });
  defineRoute(
    api,
    { method: 'get', path: '/notifications/outbox', summary: 'Delivery status per message (no text, phone or openid)', tag: 'notifications', access: { action: 'integrations.manage' }, query: outboxQuery },
    async (c, { query }) => c.json(await listOutbox(c.get('deps'), requestContext(c), query)),
  );
  defineRoute(
    api,
    { method: 'get', path: '/notifications/reach', summary: 'Messages and parents reached per channel, counts only', tag: 'notifications', access: { action: 'notifications.reach' }, query: reachQuery },
    async (c, { query }) => c.json(await channelReach(c.get('deps'), requestContext(c), query)),
  );
}
