// Integrations (issue 34): for the manager, how many parents each channel reached (counts only);
// for the admin, also the delivery status of each WeChat and SMS message and the webhook
// subscriptions (moved here from the parents' menu). Works without JavaScript.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { addDays } from '../../server/calendar';
import { today } from '../../server/clock';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { channelReach, listOutbox, outboxQuery } from '../../server/notifications/admin';
import { createWebhook, endWebhook, listWebhooks } from '../../server/notifications/integrations';
import { subscriptionBody } from '../../server/asthma-index/schemas';
import { DISTRICTS } from '../../server/asthma-index/rules/districts';
import { errorsByPath, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { findDistrict } from '../../server/asthma-index/rules/districts';
import { t } from '../i18n';
import { addNav, ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';

const PATH = '/admin/integrations';

async function integrationsPage(c: PageContext, opts: { notice?: string; secret?: string; status?: number; values?: FormValues; errors?: FieldErrors } = {}) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const ctx = requestContext(c);
  const admin = ctx.actor?.role === 'admin';
  const to = today(deps.clock);
  const from = addDays(to, -29);
  const reach = await channelReach(deps, ctx, { from, to });
  const filter = outboxQuery.safeParse({ status: c.req.query('status') || undefined, channel: c.req.query('channel') || undefined, limit: 50 });
  const bad = !filter.success;
  const outbox = admin ? await listOutbox(deps, ctx, filter.success ? filter.data : { limit: 50 }) : null;
  const hooks = admin ? await listWebhooks(deps, ctx) : [];
  return render(
    c,
    t(lang, 'integrations.title'),
    <>
      <h1>{t(lang, 'integrations.title')}</h1>
      {opts.notice ? (
        <div class="notice" role="status">
          <p>{opts.notice}</p>
          {opts.secret ? (
            <p>
              <code>{opts.secret}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <ErrorSummary lang={lang} messages={[...(bad ? [t(lang, 'integrations.badFilter')] : []), ...Object.values(opts.errors ?? {})]} />
      <section class="card">
        <h2>{t(lang, 'integrations.reach', { from, to })}</h2>
        <table>
          <thead>
            <tr>
              {['channel', 'configured', 'sent', 'failed', 'pending', 'parents', 'reachable'].map((k) => (
                <th scope="col">{t(lang, `integrations.col.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {reach.items.map((r) => (
              <tr>
                <th scope="row">{t(lang, `integrations.channel.${r.channel}`)}</th>
                <td>{t(lang, r.configured ? 'integrations.yes' : 'integrations.no')}</td>
                <td>{r.sent}</td>
                <td>{r.failed}</td>
                <td>{r.pending}</td>
                <td>{r.parentsReached}</td>
                <td>{r.reachable}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">{t(lang, 'integrations.cost')}</p>
      </section>
      {outbox ? (
        <section class="card">
          <h2>{t(lang, 'integrations.delivery')}</h2>
          <form method="get" action={PATH} class="inline">
            <label>
              {t(lang, 'integrations.col.status')}{' '}
              <select name="status">
                <option value="">{t(lang, 'integrations.all')}</option>
                {['pending', 'sent', 'failed', 'cancelled'].map((s) => (
                  <option value={s} selected={c.req.query('status') === s}>
                    {t(lang, `integrations.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              {t(lang, 'integrations.col.channel')}{' '}
              <select name="channel">
                <option value="">{t(lang, 'integrations.all')}</option>
                {['push', 'wechat', 'sms'].map((s) => (
                  <option value={s} selected={c.req.query('channel') === s}>
                    {t(lang, `integrations.channel.${s}`)}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit">{t(lang, 'integrations.filter')}</button>
          </form>
          {outbox.items.length === 0 ? (
            <p class="muted">{t(lang, 'integrations.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {['date', 'kind', 'channel', 'status', 'attempts', 'error', 'child'].map((k) => (
                    <th scope="col">{t(lang, `integrations.col.${k}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {outbox.items.map((m) => (
                  <tr>
                    <td>{m.date}</td>
                    <td>{t(lang, `notify.page.kind.${m.kind}`)}</td>
                    <td>{t(lang, `integrations.channel.${m.channel}`)}</td>
                    <td>
                      {t(lang, `integrations.status.${m.status}`)}
                      {m.nextAttemptAt ? ` · ${m.nextAttemptAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
                    </td>
                    <td>{m.attempts}</td>
                    <td>
                      <code>{m.lastError ?? ''}</code>
                    </td>
                    <td>
                      <a href={`/children/${m.childId}`}>{t(lang, 'integrations.open')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      {admin ? (
        <section class="card">
          <h2>{t(lang, 'integrations.webhooks')}</h2>
          <p class="muted">{t(lang, 'integrations.webhooksIntro')}</p>
          <form method="post" action={`${PATH}/webhooks`} novalidate>
            <div class="grid">
              <SelectField
                name="district"
                label={t(lang, 'integrations.col.district')}
                values={opts.values ?? { district: 'pudong', minLevel: '3' }}
                errors={opts.errors ?? {}}
                options={DISTRICTS.map((d) => ({ value: d.code, label: d.name[lang] }))}
              />
              <SelectField
                name="minLevel"
                label={t(lang, 'integrations.col.level')}
                values={opts.values ?? { district: 'pudong', minLevel: '3' }}
                errors={opts.errors ?? {}}
                options={[1, 2, 3, 4, 5].map((l) => ({ value: String(l), label: String(l) }))}
              />
            </div>
            <TextField name="target" type="url" label={t(lang, 'integrations.target')} values={opts.values ?? {}} errors={opts.errors ?? {}} />
            <p>
              <button type="submit">{t(lang, 'integrations.add')}</button>
            </p>
          </form>
          {hooks.length === 0 ? (
            <p class="muted">{t(lang, 'integrations.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {['owner', 'district', 'level', 'host', 'last', 'state'].map((k) => (
                    <th scope="col">{t(lang, `integrations.col.${k}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {hooks.map((h) => (
                  <tr>
                    <td>{h.owner}</td>
                    <td>{findDistrict(h.district)?.name[lang] ?? h.district}</td>
                    <td>{h.minLevel}</td>
                    <td>
                      <code>{h.host}</code>
                    </td>
                    <td>{h.lastStatus ? `${h.lastDate} · ${t(lang, `integrations.status.${h.lastStatus}`)}` : ''}</td>
                    <td>
                      {h.active ? (
                        <form method="post" action={`${PATH}/webhooks/${h.id}/end`}>
                          <button type="submit" class="secondary">
                            {t(lang, 'integrations.end')}
                          </button>
                        </form>
                      ) : (
                        t(lang, 'integrations.ended')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </>,
    { status: opts.status ?? (bad ? 400 : 200), wide: true },
  );
}

export function registerIntegrationPages(app: Hono<AppEnv>): void {
  addNav('notifications.reach', { href: PATH, key: 'nav.integrations' });
  app.get(PATH, async (c) => {
    const actor = pageActor(c, 'notifications.reach');
    if (actor instanceof Response) return actor;
    return integrationsPage(c);
  });
  app.post(`${PATH}/webhooks`, async (c) => {
    const actor = pageActor(c, 'integrations.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = subscriptionBody.safeParse({ district: form.district, minLevel: Number(form.minLevel), channel: 'webhook', target: typeof form.target === 'string' ? form.target.trim() : '' });
    const fail = (details: { path: string; message: string }[], status: number) =>
      integrationsPage(c, { values: form, errors: errorsByPath(details.map((d) => ({ path: d.path, message: t(lang, /^(v|integrations)\./.test(d.message) ? d.message : 'v.notifyInvalid') }))), status });
    if (!parsed.success)
      return fail(
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: String(i.message) })),
        400,
      );
    try {
      const made = await createWebhook(c.get('deps'), requestContext(c), parsed.data);
      return integrationsPage(c, { notice: t(lang, made.secret ? 'integrations.addedSecret' : 'integrations.added'), secret: made.secret ?? undefined, status: 201 });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return fail(err.details.length ? err.details : [{ path: 'target', message: 'integrations.duplicate' }], err.status);
    }
  });
  app.post(`${PATH}/webhooks/:id/end`, async (c) => {
    const actor = pageActor(c, 'integrations.manage');
    if (actor instanceof Response) return actor;
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError(404, 'not_found', 'Not found');
    await endWebhook(c.get('deps'), requestContext(c), id);
    return integrationsPage(c, { notice: t(c.get('lang'), 'integrations.endedNotice') });
  });
}
