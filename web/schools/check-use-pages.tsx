// The monthly kit check and the record of a use: plain forms, POST then 303 back to the kit.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { today } from '../../server/clock';
import * as schools from '../../server/schools/service';
import { DOCUMENT_KEYS, OUTCOMES, SYMPTOMS, TOLD_HOW, checkBody, parentToldBody, useBody } from '../../server/schools/schemas';
import type { KitView, UseView } from '../../server/schools/views';
import { notFound } from '../../server/errors';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { Check, DocumentChecks, Field, Select, TextArea, YesNo, checked, errorMap, kitFieldLabel, list, num, serviceFieldErrors, shanghaiInstant, str, summaryOf, yesNo, type FieldErrors, type FormValues } from './parts';

const CHECK_QUESTIONS = ['mdiPresent', 'mdiInDate', 'dosesOk', 'unlocked', 'storageOk', 'poster', 'registerReachable'] as const;

/** A retired kit takes no check or use: the page says so instead of a form whose save would revive it in the records. */
function retiredRefusal(c: PageContext, kit: KitView): Response | Promise<Response> {
  const lang = c.get('lang');
  return render(
    c,
    kit.label,
    <>
      <h1>{kit.label}</h1>
      <p class="notice" role="alert">
        {t(lang, 'schools.retired.refused')}
      </p>
      <p>
        <a class="button secondary" href={`/kits/${kit.id}`}>
          {t(lang, 'schools.retired.back')}
        </a>
      </p>
    </>,
    { status: 409 },
  );
}

export function registerCheckAndUsePages(app: Hono<AppEnv>): void {
  const checkForm = (c: PageContext, kit: KitView, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    return render(
      c,
      t(lang, 'schools.check.title'),
      <>
        <h1>
          {t(lang, 'schools.check.title')} · {kit.label}
        </h1>
        <p class="muted">{t(lang, 'schools.check.intro')}</p>
        <form method="post" action={`/kits/${kit.id}/check`} class="card">
          <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
          <Field name="date" label={t(lang, 'schools.field.date')} form={form} errors={errors} type="date" required />
          {CHECK_QUESTIONS.map((q) => (
            <YesNo name={q} label={t(lang, `schools.check.${q}`)} form={form} errors={errors} lang={lang} />
          ))}
          <Field name="spacers" label={t(lang, 'schools.field.spacers')} form={form} errors={errors} type="number" min={0} max={50} inputmode="numeric" required />
          <DocumentChecks lang={lang} form={form} prefix="documents" />
          <TextArea name="note" label={t(lang, 'schools.field.note')} form={form} errors={errors} />
          <p>
            <button type="submit">{t(lang, 'form.save')}</button> <a href={`/kits/${kit.id}`}>{t(lang, 'form.cancel')}</a>
          </p>
        </form>
      </>,
      { status },
    );
  };
  app.get('/kits/:id/check', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const kit = await schools.getKit(c.get('deps'), requestContext(c), c.req.param('id'));
    if (kit.status === 'retired') return retiredRefusal(c, kit);
    // The documents start as the kit has them: an unticked box records a missing document, and a
    // nurse confirming the usual state must not wipe them by tapping through (the questions stay unanswered).
    const documents = Object.fromEntries(DOCUMENT_KEYS.filter((d) => kit.documents[d]).map((d) => [`documents.${d}`, 'on']));
    return checkForm(c, kit, { date: today(c.get('deps').clock), spacers: String(kit.spacers), ...documents }, {});
  });
  app.post('/kits/:id/check', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const kitId = c.req.param('id');
    const kit = await schools.getKit(c.get('deps'), requestContext(c), kitId);
    if (kit.status === 'retired') return retiredRefusal(c, kit);
    const body: Record<string, unknown> = {
      date: str(form, 'date'),
      spacers: num(str(form, 'spacers')),
      note: str(form, 'note') || null,
      documents: Object.fromEntries(DOCUMENT_KEYS.map((d) => [d, checked(form, `documents.${d}`)])),
      ...Object.fromEntries(CHECK_QUESTIONS.map((q) => [q, yesNo(str(form, q))])),
    };
    const parsed = validate(checkBody, body, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, undefined, { form, lang });
    if (parsed.ok) {
      try {
        await schools.recordCheck(c.get('deps'), requestContext(c), kitId, parsed.data);
        return c.redirect(`/kits/${kitId}?saved=check`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return checkForm(c, kit, form, errors ?? {}, 400);
  });

  const useForm = async (c: PageContext, kit: KitView, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    const pupils = await schools.registeredPupils(c.get('deps'), requestContext(c), kit.schoolId);
    return render(
      c,
      t(lang, 'schools.use.title'),
      <>
        <h1>
          {t(lang, 'schools.use.title')} · {kit.label}
        </h1>
        <form method="post" action={`/kits/${kit.id}/use`} class="card">
          <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
          <Field name="usedAt" label={t(lang, 'schools.field.usedAt')} form={form} errors={errors} type="datetime-local" required />
          <Field name="place" label={t(lang, 'schools.field.place')} form={form} errors={errors} required />
          <Select name="childId" label={t(lang, 'schools.field.childId')} form={form} errors={errors} empty={t(lang, 'schools.use.notOnRegister')} options={pupils.map((p) => ({ value: p.id, label: p.name }))} />
          <fieldset>
            <legend>{t(lang, 'schools.field.symptoms')}</legend>
            {SYMPTOMS.map((s) => (
              <Check name="symptoms" value={s} label={t(lang, `schools.symptom.${s}`)} form={form} />
            ))}
            {errors.symptoms ? <p class="field-error">{errors.symptoms}</p> : null}
          </fieldset>
          <Field name="puffs" label={t(lang, 'schools.field.puffs')} form={form} errors={errors} type="number" min={1} max={20} inputmode="numeric" required />
          <Select name="mdiId" label={t(lang, 'schools.field.mdiId')} form={form} errors={errors} empty={t(lang, 'schools.use.otherBatch')} options={kit.mdis.map((m) => ({ value: m.id, label: `${m.batch} (${m.expiry})` }))} />
          <Field name="mdiBatch" label={t(lang, 'schools.field.mdiBatch')} hint={t(lang, 'schools.use.batchHint')} form={form} errors={errors} />
          <YesNo name="spacerUsed" label={t(lang, 'schools.field.spacerUsed')} form={form} errors={errors} lang={lang} />
          <Field name="givenBy" label={t(lang, 'schools.field.givenBy')} form={form} errors={errors} required />
          <YesNo name="called120" label={t(lang, 'schools.field.called120')} form={form} errors={errors} lang={lang} />
          <Select name="outcome" label={t(lang, 'schools.field.outcome')} form={form} errors={errors} empty="—" options={OUTCOMES.map((o) => ({ value: o, label: t(lang, `schools.outcome.${o}`) }))} />
          <Field name="parentToldAt" label={t(lang, 'schools.field.parentToldAt')} form={form} errors={errors} type="datetime-local" />
          <Select name="parentToldHow" label={t(lang, 'schools.field.parentToldHow')} form={form} errors={errors} empty="—" options={TOLD_HOW.map((o) => ({ value: o, label: t(lang, `schools.toldHow.${o}`) }))} />
          <TextArea name="note" label={t(lang, 'schools.field.note')} form={form} errors={errors} />
          <p>
            <button type="submit">{t(lang, 'form.save')}</button> <a href={`/kits/${kit.id}`}>{t(lang, 'form.cancel')}</a>
          </p>
        </form>
      </>,
      { status },
    );
  };
  app.get('/kits/:id/use', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const kit = await schools.getKit(c.get('deps'), requestContext(c), c.req.param('id'));
    if (kit.status === 'retired') return retiredRefusal(c, kit);
    const now = c.get('deps').clock.now();
    const local = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
    return useForm(c, kit, { usedAt: local, mdiId: kit.mdis[0]?.id ?? '', spacerUsed: 'yes', called120: 'no' }, {});
  });
  app.post('/kits/:id/use', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const kitId = c.req.param('id');
    const kit = await schools.getKit(c.get('deps'), requestContext(c), kitId);
    if (kit.status === 'retired') return retiredRefusal(c, kit);
    const told = str(form, 'parentToldAt');
    const body = {
      usedAt: shanghaiInstant(str(form, 'usedAt')),
      place: str(form, 'place'),
      childId: str(form, 'childId') || null,
      symptoms: list(form, 'symptoms'),
      puffs: num(str(form, 'puffs')),
      spacerUsed: yesNo(str(form, 'spacerUsed')),
      givenBy: str(form, 'givenBy'),
      called120: yesNo(str(form, 'called120')),
      outcome: str(form, 'outcome') || undefined,
      parentToldAt: told ? shanghaiInstant(told) : null,
      parentToldHow: str(form, 'parentToldHow') || null,
      mdiId: str(form, 'mdiId') || null,
      mdiBatch: str(form, 'mdiBatch') || null,
      note: str(form, 'note') || null,
    };
    const parsed = validate(useBody, body, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, (p) => p.replace(/^symptoms\.\d+$/, 'symptoms'), { form, lang });
    if (parsed.ok) {
      try {
        await schools.recordUse(c.get('deps'), requestContext(c), kitId, parsed.data);
        return c.redirect(`/kits/${kitId}?saved=use`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return useForm(c, kit, form, errors ?? {}, 400);
  });

  // The parent is often told after the emergency: the use's row on the kit page links here.
  const toldForm = (c: PageContext, kit: KitView, use: UseView, form: FormValues, errors: FieldErrors, status = 200) => {
    const lang = c.get('lang');
    return render(
      c,
      t(lang, 'schools.use.parentToldTitle'),
      <>
        <h1>
          {t(lang, 'schools.use.parentToldTitle')} · {kit.label}
        </h1>
        <p class="muted">
          {use.date} · {use.place} · {t(lang, `schools.outcome.${use.outcome}`)}
        </p>
        <form method="post" action={`/kits/${kit.id}/uses/${use.id}/parent-told`} class="card">
          <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
          <Field name="parentToldAt" label={t(lang, 'schools.field.parentToldAt')} form={form} errors={errors} type="datetime-local" required />
          <Select name="parentToldHow" label={t(lang, 'schools.field.parentToldHow')} form={form} errors={errors} empty="—" options={TOLD_HOW.map((o) => ({ value: o, label: t(lang, `schools.toldHow.${o}`) }))} />
          <p>
            <button type="submit">{t(lang, 'form.save')}</button> <a href={`/kits/${kit.id}`}>{t(lang, 'form.cancel')}</a>
          </p>
        </form>
      </>,
      { status },
    );
  };
  const kitAndUse = async (c: PageContext) => {
    const kit = await schools.getKit(c.get('deps'), requestContext(c), c.req.param('id')!);
    const use = kit.uses.find((u) => u.id === c.req.param('useId'));
    if (!use) throw notFound();
    return { kit, use };
  };
  app.get('/kits/:id/uses/:useId/parent-told', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const { kit, use } = await kitAndUse(c);
    const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16);
    const form = use.parentToldAt ? { parentToldAt: local(use.parentToldAt), parentToldHow: use.parentToldHow ?? '' } : { parentToldAt: local(c.get('deps').clock.now().toISOString()), parentToldHow: '' };
    return toldForm(c, kit, use, form, {});
  });
  app.post('/kits/:id/uses/:useId/parent-told', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const { kit, use } = await kitAndUse(c);
    const parsed = validate(parentToldBody, { parentToldAt: shanghaiInstant(str(form, 'parentToldAt')), parentToldHow: str(form, 'parentToldHow') || undefined }, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, undefined, { form, lang });
    if (parsed.ok) {
      try {
        await schools.recordParentTold(c.get('deps'), requestContext(c), use.id, parsed.data);
        return c.redirect(`/kits/${kit.id}?saved=parentTold`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return toldForm(c, kit, use, form, errors ?? {}, 400);
  });
}
