// Kits: the list with MDIs, a kit's page, and the forms to add or change a kit and to add or
// replace an MDI. Plain forms: POST, then 303 back.
import type { Hono } from 'hono';
import { assertSchoolAccess, reachKit } from '../../server/schools/scope';
import type { AppEnv, Lang } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import * as schools from '../../server/schools/service';
import { DOCUMENT_KEYS, KIT_KINDS, kitBody, kitPatch, mdiBody } from '../../server/schools/schemas';
import type { KitView } from '../../server/schools/views';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { Check, DocumentChecks, Field, SavedNotice, Select, checked, errorMap, kitFieldLabel, num, serviceFieldErrors, shanghaiTime, str, summaryOf, type FieldErrors, type FormValues } from './parts';
import { MdiTable, UseLog } from './kit-tables';

function kitFormValues(kit: KitView): FormValues {
  const v: FormValues = { label: kit.label, kind: kit.kind, location: kit.location, spacers: String(kit.spacers) };
  if (kit.locked) v.locked = 'on';
  if (kit.storageOk) v.storageOk = 'on';
  for (const d of DOCUMENT_KEYS) if (kit.documents[d]) v[`documents.${d}`] = 'on';
  return v;
}

function kitFromForm(form: FormValues, withMdi: boolean) {
  const documents = Object.fromEntries(DOCUMENT_KEYS.map((d) => [d, checked(form, `documents.${d}`)]));
  const body: Record<string, unknown> = {
    label: str(form, 'label'),
    kind: str(form, 'kind'),
    location: str(form, 'location'),
    locked: checked(form, 'locked'),
    storageOk: checked(form, 'storageOk'),
    spacers: num(str(form, 'spacers')),
    documents,
  };
  if (withMdi) {
    const batch = str(form, 'mdis.0.batch');
    const expiry = str(form, 'mdis.0.expiry');
    body.mdis = batch || expiry ? [{ batch, expiry, labelledDoses: num(str(form, 'mdis.0.labelledDoses')), counterReading: num(str(form, 'mdis.0.counterReading')) ?? null }] : [];
  }
  return body;
}

function KitForm(props: { lang: Lang; action: string; form: FormValues; errors: FieldErrors; withMdi: boolean; cancel: string }) {
  const { lang, form, errors } = props;
  return (
    <form method="post" action={props.action} class="card">
      <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
      <Field name="label" label={t(lang, 'schools.field.label')} form={form} errors={errors} required />
      <Select name="kind" label={t(lang, 'schools.field.kind')} form={form} errors={errors} options={KIT_KINDS.map((k) => ({ value: k, label: t(lang, `schools.kitKind.${k}`) }))} />
      <Field name="location" label={t(lang, 'schools.field.location')} form={form} errors={errors} required />
      <Field name="spacers" label={t(lang, 'schools.field.spacers')} form={form} errors={errors} type="number" min={0} max={50} inputmode="numeric" required />
      <Check name="locked" label={t(lang, 'schools.field.locked')} form={form} errors={errors} />
      <Check name="storageOk" label={t(lang, 'schools.field.storageOk')} form={form} errors={errors} />
      <DocumentChecks lang={lang} form={form} prefix="documents" />
      {props.withMdi ? (
        <fieldset>
          <legend>{t(lang, 'schools.mdi.first')}</legend>
          <MdiFields lang={lang} form={form} errors={errors} prefix="mdis.0." />
        </fieldset>
      ) : null}
      <p>
        <button type="submit">{t(lang, 'form.save')}</button> <a href={props.cancel}>{t(lang, 'form.cancel')}</a>
      </p>
    </form>
  );
}

function MdiFields(props: { lang: Lang; form: FormValues; errors: FieldErrors; prefix: string }) {
  const { lang, form, errors, prefix: p } = props;
  return (
    <>
      <Field name={`${p}batch`} label={t(lang, 'schools.field.batch')} form={form} errors={errors} />
      <Field name={`${p}expiry`} label={t(lang, 'schools.field.expiry')} hint={t(lang, 'schools.mdi.expiryHint')} form={form} errors={errors} placeholder="2026-08" />
      <Field name={`${p}labelledDoses`} label={t(lang, 'schools.field.labelledDoses')} form={form} errors={errors} type="number" min={1} max={400} inputmode="numeric" />
      <Field name={`${p}counterReading`} label={t(lang, 'schools.field.counterReading')} hint={t(lang, 'schools.mdi.counterHint')} form={form} errors={errors} type="number" min={0} max={400} inputmode="numeric" />
    </>
  );
}

async function kitPage(c: PageContext, kitId: string) {
  return schools.getKit(c.get('deps'), requestContext(c), kitId);
}

export function registerKitPages(app: Hono<AppEnv>): void {
  app.get('/schools/:id/kits', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const schoolId = c.req.param('id');
    // Retired kits are listed apart, so one retired by mistake can be found and put back.
    const all = await schools.listKits(c.get('deps'), requestContext(c), schoolId, { includeRetired: true });
    const kits = all.filter((k) => k.status !== 'retired');
    const retired = all.filter((k) => k.status === 'retired');
    const writer = actor.role !== 'manager';
    return render(
      c,
      t(lang, 'schools.kits.title'),
      <>
        <p>
          <a href={`/schools/${schoolId}`}>← {t(lang, 'schools.backToSchool')}</a>
        </p>
        <h1>{t(lang, 'schools.kits.title')}</h1>
        {writer ? (
          <p>
            <a class="button" href={`/schools/${schoolId}/kits/new`}>
              {t(lang, 'schools.kits.add')}
            </a>
          </p>
        ) : null}
        {kits.length === 0 ? <p class="notice">{t(lang, 'schools.kits.none')}</p> : null}
        <div class="grid">
          {kits.map((k) => (
            <section class="card">
              <h2>
                <a href={`/kits/${k.id}`}>{k.label}</a>
              </h2>
              <p class="muted">
                {t(lang, `schools.kitKind.${k.kind}`)} · {k.location}
              </p>
              <p>
                {k.locked ? <span class="badge red">{t(lang, 'schools.kit.locked')}</span> : <span class="badge green">{t(lang, 'schools.kit.unlocked')}</span>}{' '}
                <span class={`badge ${k.spacers >= 2 ? '' : 'yellow'}`}>{t(lang, 'schools.kit.spacersN', { n: k.spacers })}</span> <span class="badge">{t(lang, 'schools.kit.lastCheck', { date: k.lastCheckDate ?? '—' })}</span>
              </p>
              <MdiTable lang={lang} kit={k} />
              {writer ? (
                <p>
                  <a href={`/kits/${k.id}/check`}>{t(lang, 'schools.check.title')}</a> · <a href={`/kits/${k.id}/use`}>{t(lang, 'schools.use.title')}</a>
                </p>
              ) : null}
            </section>
          ))}
        </div>
        {retired.length > 0 ? (
          <>
            <h2>{t(lang, 'schools.kits.retired')}</h2>
            <ul>
              {retired.map((k) => (
                <li>
                  <a href={`/kits/${k.id}`}>{k.label}</a> <span class="muted">· {k.location}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>,
      { wide: true },
    );
  });

  const newKitForm = (c: PageContext, schoolId: string, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    return render(
      c,
      t(lang, 'schools.kits.add'),
      <>
        <h1>{t(lang, 'schools.kits.add')}</h1>
        <KitForm lang={lang} action={`/schools/${schoolId}/kits/new`} form={form} errors={errors} withMdi cancel={`/schools/${schoolId}/kits`} />
      </>,
      { status },
    );
  };
  app.get('/schools/:id/kits/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    await schools.listKits(c.get('deps'), requestContext(c), c.req.param('id'));
    const defaults: FormValues = { kind: 'fixed', spacers: '2', storageOk: 'on', 'mdis.0.labelledDoses': '200', ...Object.fromEntries(DOCUMENT_KEYS.map((d) => [`documents.${d}`, 'on'])) };
    return newKitForm(c, c.req.param('id'), defaults, {});
  });
  app.post('/schools/:id/kits/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const schoolId = c.req.param('id');
    assertSchoolAccess(actor, schoolId, 'write');
    const parsed = validate(kitBody, kitFromForm(form, true), lang);
    if (!parsed.ok) return newKitForm(c, schoolId, form, errorMap(parsed.details, undefined, { form, lang }), 400);
    try {
      const kit = await schools.createKit(c.get('deps'), requestContext(c), schoolId, parsed.data);
      return c.redirect(`/kits/${kit.id}?saved=kit`, 303);
    } catch (err) {
      const errors = serviceFieldErrors(err, lang);
      if (!errors) throw err;
      return newKitForm(c, schoolId, form, errors, 400);
    }
  });

  app.get('/kits/:id', async (c) => {
    const actor = pageActor(c, 'schools.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const kit = await kitPage(c, c.req.param('id'));
    const writer = actor.role !== 'manager';
    const retired = kit.status === 'retired';
    return render(
      c,
      kit.label,
      <>
        <p>
          <a href={`/schools/${kit.schoolId}/kits`}>← {t(lang, 'schools.kits.title')}</a>
        </p>
        <h1>{kit.label}</h1>
        <SavedNotice lang={lang} saved={c.req.query('saved')} />
        {retired ? (
          <div class="notice">
            <p>{t(lang, 'schools.kit.retired')}</p>
            {kit.statusReason ? <p>{t(lang, 'schools.kit.retiredWhy', { reason: kit.statusReason, date: kit.statusChangedAt ? shanghaiTime(kit.statusChangedAt).slice(0, 10) : '—' })}</p> : null}
            {writer ? (
              // Putting a kit back loses nothing: one button.
              <form method="post" action={`/kits/${kit.id}/status`} class="no-print">
                <input type="hidden" name="status" value="active" />
                <button type="submit" class="secondary">
                  {t(lang, 'schools.kit.reactivate')}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
        <section class="card">
          <dl class="facts">
            <dt>{t(lang, 'schools.field.kind')}</dt>
            <dd>{t(lang, `schools.kitKind.${kit.kind}`)}</dd>
            <dt>{t(lang, 'schools.field.location')}</dt>
            <dd>{kit.location}</dd>
            <dt>{t(lang, 'schools.field.locked')}</dt>
            <dd>{kit.locked ? t(lang, 'common.yes') : t(lang, 'common.no')}</dd>
            <dt>{t(lang, 'schools.field.storageOk')}</dt>
            <dd>{kit.storageOk ? t(lang, 'common.yes') : t(lang, 'common.no')}</dd>
            <dt>{t(lang, 'schools.field.spacers')}</dt>
            <dd>{kit.spacers}</dd>
            <dt>{t(lang, 'schools.field.documents')}</dt>
            <dd>
              {DOCUMENT_KEYS.filter((d) => kit.documents[d])
                .map((d) => t(lang, `schools.doc.${d}`))
                .join(lang === 'en' ? '; ' : '、') || t(lang, 'common.none')}
            </dd>
            <dt>{t(lang, 'schools.kit.lastCheckLabel')}</dt>
            <dd>{kit.lastCheckDate ?? '—'}</dd>
          </dl>
          {writer && !retired ? (
            <p class="no-print actions">
              <a class="button" href={`/kits/${kit.id}/check`}>
                {t(lang, 'schools.check.title')}
              </a>{' '}
              <a class="button secondary" href={`/kits/${kit.id}/use`}>
                {t(lang, 'schools.use.title')}
              </a>
            </p>
          ) : null}
          {writer ? (
            <p class="no-print">
              <a href={`/kits/${kit.id}/edit`}>{t(lang, 'schools.kit.edit')}</a> · <a href={`/kits/${kit.id}/mdis/new`}>{t(lang, 'schools.mdi.add')}</a>
            </p>
          ) : null}
        </section>
        <h2>{t(lang, 'schools.mdi.title')}</h2>
        <MdiTable lang={lang} kit={kit} actions={writer} />
        <h2>{t(lang, 'schools.check.history')}</h2>
        {kit.checks.length === 0 ? (
          <p class="muted">{t(lang, 'common.none')}</p>
        ) : (
          <ul>
            {kit.checks.map((ch) => {
              const problems = [
                !ch.mdiPresent && 'mdiPresent',
                !ch.mdiInDate && 'mdiInDate',
                !ch.dosesOk && 'dosesOk',
                !ch.unlocked && 'unlocked',
                !ch.storageOk && 'storageOk',
                !ch.poster && 'poster',
                !ch.registerReachable && 'registerReachable',
              ].filter(Boolean) as string[];
              return (
                <li>
                  {ch.date} · {problems.length ? problems.map((p) => t(lang, `schools.checkProblem.${p}`)).join(lang === 'en' ? '; ' : '、') : t(lang, 'schools.check.allOk')}
                  {ch.note ? <span class="muted"> · {ch.note}</span> : null}
                </li>
              );
            })}
          </ul>
        )}
        <h2>{t(lang, 'schools.use.history')}</h2>
        <UseLog
          lang={lang}
          kitId={kit.id}
          uses={kit.uses}
          writer={writer}
          pupils={
            writer
              ? await schools.pupilNames(
                  c.get('deps'),
                  requestContext(c),
                  kit.schoolId,
                  kit.uses.flatMap((u) => (u.childId ? [u.childId] : [])),
                )
              : null
          }
        />
        {writer && !retired ? (
          // Away from the everyday buttons, and only a link: retiring asks for a reason on its own page.
          <p class="no-print retire-link">
            <a href={`/kits/${kit.id}/retire`}>{t(lang, 'schools.kit.retire')}</a>
          </p>
        ) : null}
      </>,
    );
  });

  const editForm = (c: PageContext, kitId: string, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    return render(
      c,
      t(lang, 'schools.kit.edit'),
      <>
        <h1>{t(lang, 'schools.kit.edit')}</h1>
        <KitForm lang={lang} action={`/kits/${kitId}/edit`} form={form} errors={errors} withMdi={false} cancel={`/kits/${kitId}`} />
      </>,
      { status },
    );
  };
  app.get('/kits/:id/edit', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const kit = await kitPage(c, c.req.param('id'));
    return editForm(c, kit.id, kitFormValues(kit), {});
  });
  app.post('/kits/:id/edit', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    await reachKit(c.get('deps').db, actor, c.req.param('id'), 'write');
    const form = await readForm(c);
    const parsed = validate(kitPatch, kitFromForm(form, false), c.get('lang'));
    if (!parsed.ok) return editForm(c, c.req.param('id'), form, errorMap(parsed.details, undefined, { form, lang: c.get('lang') }), 400);
    await schools.updateKit(c.get('deps'), requestContext(c), c.req.param('id'), parsed.data);
    return c.redirect(`/kits/${c.req.param('id')}?saved=kit`, 303);
  });

  const mdiForm = (c: PageContext, kit: KitView, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    const replacing = kit.mdis.find((m) => m.id === str(form, 'replaces'));
    return render(
      c,
      t(lang, 'schools.mdi.add'),
      <>
        <h1>
          {replacing ? t(lang, 'schools.mdi.replaceTitle', { batch: replacing.batch }) : t(lang, 'schools.mdi.add')} · {kit.label}
        </h1>
        <form method="post" action={`/kits/${kit.id}/mdis/new`} class="card">
          <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
          {replacing ? <input type="hidden" name="replaces" value={replacing.id} /> : null}
          <MdiFields lang={lang} form={form} errors={errors} prefix="" />
          <p>
            <button type="submit">{t(lang, 'form.save')}</button> <a href={`/kits/${kit.id}`}>{t(lang, 'form.cancel')}</a>
          </p>
        </form>
      </>,
      { status },
    );
  };
  app.get('/kits/:id/mdis/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const kit = await kitPage(c, c.req.param('id'));
    return mdiForm(c, kit, { labelledDoses: '200', replaces: c.req.query('replaces') ?? '' }, {});
  });
  app.post('/kits/:id/mdis/new', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const kitId = c.req.param('id');
    const body = { batch: str(form, 'batch'), expiry: str(form, 'expiry'), labelledDoses: num(str(form, 'labelledDoses')), counterReading: num(str(form, 'counterReading')) ?? null, replaces: str(form, 'replaces') || null };
    const parsed = validate(mdiBody, body, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, undefined, { form, lang });
    if (parsed.ok) {
      try {
        await schools.addMdi(c.get('deps'), requestContext(c), kitId, parsed.data);
        return c.redirect(`/kits/${kitId}?saved=mdi`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return mdiForm(c, await kitPage(c, kitId), form, errors ?? {}, 400);
  });
}
