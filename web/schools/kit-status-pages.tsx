// Retiring a kit and putting it back (issue 30). Retiring takes a kit out of the lists, alerts and
// the assessment, so it is asked twice: a page of its own with the reason (plain form, no script
// needed), then the kit page says it was done. Putting it back undoes it: one button.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import * as schools from '../../server/schools/service';
import { reachKit } from '../../server/schools/scope';
import { KIT_STATUS_REASON_MAX, kitPatch } from '../../server/schools/schemas';
import type { KitView } from '../../server/schools/views';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { errorMap, kitFieldLabel, str, summaryOf, type FieldErrors, type FormValues } from './parts';

function retirePage(c: PageContext, kit: KitView, form: FormValues, errors: FieldErrors, status = 200) {
  const lang = c.get('lang');
  const question = t(lang, 'schools.retire.question', { label: kit.label });
  const error = errors.reason;
  return render(
    c,
    question,
    <>
      <p>
        <a href={`/kits/${kit.id}`}>← {kit.label}</a>
      </p>
      <h1>{question}</h1>
      <p>{t(lang, 'schools.retire.effect')}</p>
      <form method="post" action={`/kits/${kit.id}/status`} class="card">
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors, kitFieldLabel(lang))} />
        <input type="hidden" name="status" value="retired" />
        <label for="f-reason">{t(lang, 'schools.retire.reasonLabel')}</label>
        <p class="muted" id="f-reason-hint">
          {t(lang, 'schools.retire.reasonHint')}
        </p>
        <input
          id="f-reason"
          name="reason"
          type="text"
          value={str(form, 'reason')}
          required
          maxlength={KIT_STATUS_REASON_MAX}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'f-reason-hint f-reason-err' : 'f-reason-hint'}
        />
        {error ? (
          <p class="field-error" id="f-reason-err">
            {error}
          </p>
        ) : null}
        <p class="actions">
          <button type="submit">{t(lang, 'schools.retire.confirm')}</button>{' '}
          <a class="button secondary" href={`/kits/${kit.id}`}>
            {t(lang, 'form.cancel')}
          </a>
        </p>
      </form>
    </>,
    { status },
  );
}

export function registerKitStatusPages(app: Hono<AppEnv>): void {
  app.get('/kits/:id/retire', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const kit = await schools.getKit(c.get('deps'), requestContext(c), c.req.param('id'));
    // Already retired: nothing to confirm, the kit page says so and offers putting it back.
    if (kit.status === 'retired') return c.redirect(`/kits/${kit.id}`, 303);
    return retirePage(c, kit, {}, {});
  });

  app.post('/kits/:id/status', async (c) => {
    const actor = pageActor(c, 'schools.write');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const kitId = c.req.param('id');
    await reachKit(c.get('deps').db, actor, kitId, 'write');
    const form = await readForm(c);
    const status = str(form, 'status');
    const reason = str(form, 'reason');
    // Nothing is changed unless the whole request is valid: no reason, no retirement.
    const parsed = validate(kitPatch, { status, reason: reason || undefined }, lang);
    if (!parsed.ok) {
      // A status the page never sends (a tampered form) is named in words, not zod's enum text.
      const errors = errorMap(parsed.details.map((d) => (d.path === 'status' ? { ...d, message: t(lang, 'v.school.kitStatus') } : d)));
      return retirePage(c, await schools.getKit(c.get('deps'), requestContext(c), kitId), form, errors, 400);
    }
    await schools.updateKit(c.get('deps'), requestContext(c), kitId, parsed.data);
    return c.redirect(`/kits/${kitId}?saved=${parsed.data.status === 'retired' ? 'retired' : 'reactivated'}`, 303);
  });
}
