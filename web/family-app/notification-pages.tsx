// "How we reach you" (issue 34): per child which channels (app notifications on the parent's phones,
// WeChat, SMS), which messages, from which
// index level, quiet hours; the SMS consent of the guardian named at enrolment; binding WeChat by
// a one-time code or, inside WeChat, by OAuth after the parent agreed; unbinding. Works without
// JavaScript: every change is a form post, answered with the page again.
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { Actor, AppEnv, Lang } from '../../server/context';
import { AppError, type ErrorDetail } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { wechatSettings } from '../../server/notifications/channels';
import { wechatAuthorizeUrl } from '../../server/notifications/wechat';
import { bindByOauth, getSettings, giveSmsConsent, newBindCode, prefsSchema, savePrefs, unbindWechat, withdrawSmsConsent, type ChildSettings } from '../../server/notifications/service';
import { INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { t } from '../i18n';
import { CheckField, SelectField, TextField, errorsByPath, formBool, type FieldErrors, type FormValues } from '../forms';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { APP_SCRIPTS, AppHead } from './parts';

export const CHANNELS_PATH = '/app/notifications/channels';
const KINDS = ['index', 'diary', 'followup', 'urgent'] as const;

const page = (c: PageContext, body: Parameters<typeof render>[2], status = 200) => render(c, t(c.get('lang'), 'notify.page.title'), body, { status, scripts: APP_SCRIPTS, head: <AppHead lang={c.get('lang')} /> });

/** The OAuth state: only a round trip this session started may bind (a link from someone else cannot). */
const oauthState = (actor: Actor) =>
  createHash('sha256')
    .update(`wechat-bind:${actor.sessionId ?? actor.id}`)
    .digest('hex')
    .slice(0, 24);

/** Page errors in the parent's words: a key of ours, or the generic one (never the validator's text). */
const words = (lang: Lang, details: ErrorDetail[]): ErrorDetail[] => details.map((d) => ({ path: d.path, message: t(lang, d.message.startsWith('v.') ? d.message : 'v.notifyInvalid') }));

interface Notice {
  text: string;
  code?: string;
}

function childValues(s: ChildSettings): FormValues {
  const on = (b: boolean) => (b ? 'on' : undefined);
  return {
    wechat: on(s.wechat),
    sms: on(s.sms),
    push: on(s.push),
    minLevel: String(s.minLevel),
    quietFrom: s.quietFrom,
    quietUntil: s.quietUntil,
    ...Object.fromEntries(KINDS.map((k) => [`kind_${k}`, on(s.kinds[k])])),
  };
}

function ChildCard(props: { lang: Lang; s: ChildSettings; wechatOn: boolean; smsOn: boolean; pushOn: boolean; values?: FormValues; errors?: FieldErrors }) {
  const { lang, s } = props;
  const values = props.values ?? childValues(s);
  const errors = props.errors ?? {};
  const levels = [1, 2, 3, 4, 5].map((l) => ({ value: String(l), label: t(lang, 'notify.page.level', { level: l, label: INDEX_LEVELS[l as 1].label[lang] }) }));
  return (
    <section class="card" id={`child-${s.childId}`}>
      <h2>{s.name}</h2>
      <form method="post" action={`${CHANNELS_PATH}/child/${s.childId}`} novalidate>
        {/* With no channel to choose the page already says so above: no empty "how" box. */}
        {props.wechatOn || props.smsOn || props.pushOn ? (
          <fieldset>
            <legend>{t(lang, 'notify.page.how')}</legend>
            {props.pushOn ? <CheckField name="push" label={t(lang, 'notify.page.byPush')} values={values} errors={errors} /> : null}
            {props.wechatOn ? <CheckField name="wechat" label={t(lang, 'notify.page.byWechat')} values={values} errors={errors} /> : null}
            {props.smsOn ? <CheckField name="sms" label={t(lang, 'notify.page.bySms')} values={values} errors={errors} /> : null}
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t(lang, 'notify.page.what')}</legend>
          {KINDS.map((k) => (
            <CheckField name={`kind_${k}`} label={t(lang, `notify.page.kind.${k}`)} values={values} errors={errors} />
          ))}
        </fieldset>
        <SelectField name="minLevel" label={t(lang, 'notify.page.minLevel')} values={values} errors={errors} options={levels} />
        <div class="grid">
          <TextField name="quietFrom" type="time" label={t(lang, 'notify.page.quietFrom')} values={values} errors={errors} />
          <TextField name="quietUntil" type="time" label={t(lang, 'notify.page.quietUntil')} values={values} errors={errors} />
        </div>
        <p class="muted">{t(lang, 'notify.page.quietHint')}</p>
        <p>
          <button type="submit">{t(lang, 'notify.page.save')}</button>
        </p>
      </form>
      {props.smsOn ? <SmsConsent lang={lang} s={s} /> : null}
    </section>
  );
}

function SmsConsent(props: { lang: Lang; s: ChildSettings }) {
  const { lang, s } = props;
  const c = s.smsConsent;
  if (!c.canGive) return <p class="muted">{t(lang, 'notify.page.smsOnlyNamed')}</p>;
  if (!c.mobile) return <p class="notice">{t(lang, 'v.notMainlandMobile')}</p>;
  if (c.given) {
    return (
      <form method="post" action={`${CHANNELS_PATH}/child/${s.childId}/sms-consent/withdraw`}>
        <p>{t(lang, 'notify.page.smsGiven', { phone: c.phone ?? '', date: (c.givenAt ?? '').slice(0, 10) })}</p>
        <p>
          <button type="submit" class="secondary">
            {t(lang, 'notify.page.smsWithdraw')}
          </button>
        </p>
      </form>
    );
  }
  return (
    <form method="post" action={`${CHANNELS_PATH}/child/${s.childId}/sms-consent`}>
      <p>{t(lang, 'notify.page.smsAsk', { phone: c.phone ?? '' })}</p>
      <p>
        <button type="submit">{t(lang, 'notify.page.smsAgree')}</button>
      </p>
    </form>
  );
}

async function settingsPage(c: PageContext, actor: Actor, opts: { notice?: Notice; childId?: string; values?: FormValues; details?: ErrorDetail[]; status?: number } = {}) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const settings = await getSettings(deps, requestContext(c));
  const wx = settings.channels.wechat;
  const sms = settings.channels.sms;
  const phones = settings.channels.push.phones;
  const cfg = wechatSettings(deps.config);
  const insideWechat = /MicroMessenger/i.test(c.req.header('user-agent') ?? '');
  const oauthLink = cfg?.appUrl && insideWechat ? wechatAuthorizeUrl(cfg.appId, `${cfg.appUrl}${CHANNELS_PATH}/wechat`, oauthState(actor)) : null;
  const details = opts.details ?? [];
  return page(
    c,
    <>
      <h1>{t(lang, 'notify.page.title')}</h1>
      <p>{t(lang, 'notify.page.intro')}</p>
      <p class="notice">{t(lang, 'notify.page.safety')}</p>
      {opts.notice ? (
        <p class="notice" role="status">
          {opts.notice.text} {opts.notice.code ? <strong class="bind-code">{opts.notice.code}</strong> : null}
        </p>
      ) : null}
      <ErrorSummary lang={lang} messages={details.map((d) => d.message)} />
      {!wx.available && !sms.available ? <p class="muted">{t(lang, 'notify.page.noneConfigured')}</p> : null}
      <section class="card">
        <h2>{t(lang, 'notify.page.push')}</h2>
        <p>{phones > 0 ? t(lang, 'notify.page.pushOn', { n: phones }) : t(lang, 'notify.page.pushOff')}</p>
        <p>
          <a href="/app/notifications">{t(lang, 'notify.page.pushLink')}</a>
        </p>
      </section>
      {wx.available ? (
        <section class="card">
          <h2>{t(lang, 'notify.page.wechat')}</h2>
          {wx.bound ? (
            <form method="post" action={`${CHANNELS_PATH}/unbind`}>
              <p>{t(lang, 'notify.page.wechatBound', { date: (wx.boundAt ?? '').slice(0, 10) })}</p>
              <p>
                <button type="submit" class="secondary">
                  {t(lang, 'notify.page.unbind')}
                </button>
              </p>
            </form>
          ) : (
            <>
              <p>{t(lang, 'notify.page.wechatNotBound')}</p>
              {oauthLink ? (
                <p>
                  <a class="button" href={oauthLink}>
                    {t(lang, 'notify.page.bindHere')}
                  </a>
                </p>
              ) : null}
              <form method="post" action={`${CHANNELS_PATH}/code`}>
                <p>{t(lang, 'notify.page.codeHow')}</p>
                <p>
                  <button type="submit">{t(lang, 'notify.page.getCode')}</button>
                </p>
              </form>
            </>
          )}
        </section>
      ) : null}
      {settings.children.length === 0 ? <p class="muted">{t(lang, 'notify.page.noChildren')}</p> : null}
      {settings.children.map((s) => (
        <ChildCard lang={lang} s={s} wechatOn={wx.available} smsOn={sms.available} pushOn={phones > 0} values={opts.childId === s.childId ? opts.values : undefined} errors={opts.childId === s.childId ? errorsByPath(details) : undefined} />
      ))}
      <p class="muted">{t(lang, 'notify.page.cost')}</p>
    </>,
    opts.status ?? 200,
  );
}

/** Runs a change; a refused one is answered with the page and the reason, in the parent's words. */
async function change(c: PageContext, actor: Actor, run: () => Promise<Notice | undefined>, childId?: string, values?: FormValues) {
  try {
    const notice = await run();
    return settingsPage(c, actor, { notice });
  } catch (err) {
    if (!(err instanceof AppError) || (err.status >= 500 && err.status !== 503)) throw err;
    const lang = c.get('lang');
    const details = err.details.length ? words(lang, err.details) : [{ path: '_', message: t(lang, err.status === 409 ? 'notify.page.conflict' : err.status === 503 ? 'notify.page.unavailable' : 'v.notifyInvalid') }];
    return settingsPage(c, actor, { childId, values, details, status: err.status });
  }
}

export function registerNotificationPages(app: Hono<AppEnv>): void {
  app.get(CHANNELS_PATH, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return settingsPage(c, actor);
  });

  app.post(`${CHANNELS_PATH}/child/:id`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    const form = await readForm(c);
    const childId = c.req.param('id');
    const lang = c.get('lang');
    const input = {
      wechat: formBool(form, 'wechat'),
      sms: formBool(form, 'sms'),
      push: formBool(form, 'push'),
      kinds: Object.fromEntries(KINDS.map((k) => [k, formBool(form, `kind_${k}`)])),
      minLevel: Number(form.minLevel),
      quietFrom: String(form.quietFrom ?? ''),
      quietUntil: String(form.quietUntil ?? ''),
    };
    const parsed = prefsSchema.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.path[0] === 'minLevel' ? 'v.notifyLevel' : String(i.message) }));
      return settingsPage(c, actor, { childId, values: form, details: words(lang, details), status: 400 });
    }
    return change(
      c,
      actor,
      async () => {
        await savePrefs(c.get('deps'), requestContext(c), childId, parsed.data, lang);
        return { text: t(lang, 'notify.page.saved') };
      },
      childId,
      form,
    );
  });

  app.post(`${CHANNELS_PATH}/child/:id/sms-consent`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return change(c, actor, async () => {
      await giveSmsConsent(c.get('deps'), requestContext(c), c.req.param('id'));
      return { text: t(c.get('lang'), 'notify.page.smsAgreed') };
    });
  });

  app.post(`${CHANNELS_PATH}/child/:id/sms-consent/withdraw`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return change(c, actor, async () => {
      await withdrawSmsConsent(c.get('deps'), requestContext(c), c.req.param('id'));
      return { text: t(c.get('lang'), 'notify.page.smsWithdrawn') };
    });
  });

  app.post(`${CHANNELS_PATH}/code`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return change(c, actor, async () => {
      const { code } = await newBindCode(c.get('deps'), requestContext(c));
      return { text: t(c.get('lang'), 'notify.page.codeShown'), code };
    });
  });

  app.post(`${CHANNELS_PATH}/unbind`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    return change(c, actor, async () => {
      await unbindWechat(c.get('deps'), requestContext(c));
      return { text: t(c.get('lang'), 'notify.page.unbound') };
    });
  });

  // WeChat sends the parent back here with ?code&state: ask before binding.
  app.get(`${CHANNELS_PATH}/wechat`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const code = c.req.query('code') ?? '';
    if (!code || code.length > 200 || c.req.query('state') !== oauthState(actor)) {
      return settingsPage(c, actor, { details: [{ path: 'code', message: t(lang, 'v.wechatCode') }], status: 400 });
    }
    return page(
      c,
      <>
        <h1>{t(lang, 'notify.page.bindAskTitle')}</h1>
        <p>{t(lang, 'notify.page.bindAsk')}</p>
        <form method="post" action={`${CHANNELS_PATH}/wechat`} class="card">
          <input type="hidden" name="code" value={code} />
          <input type="hidden" name="state" value={oauthState(actor)} />
          <p>
            <button type="submit">{t(lang, 'notify.page.bindYes')}</button> <a href={CHANNELS_PATH}>{t(lang, 'notify.page.bindNo')}</a>
          </p>
        </form>
      </>,
    );
  });

  app.post(`${CHANNELS_PATH}/wechat`, async (c) => {
    const actor = pageActor(c, 'family.own');
    if (actor instanceof Response) return actor;
    const form = await readForm(c);
    const lang = c.get('lang');
    const code = typeof form.code === 'string' ? form.code : '';
    if (!code || code.length > 200 || form.state !== oauthState(actor)) {
      return settingsPage(c, actor, { details: [{ path: 'code', message: t(lang, 'v.wechatCode') }], status: 400 });
    }
    return change(c, actor, async () => {
      await bindByOauth(c.get('deps'), requestContext(c), code);
      return { text: t(lang, 'notify.page.bound') };
    });
  });
}
