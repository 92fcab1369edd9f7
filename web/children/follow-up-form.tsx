import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { ageInYears } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { childForPage, childInScope } from '../../server/children/service';
import { logFollowUp } from '../../server/followups/service';
import { followUpSchema } from '../../server/followups/schemas';
import { GINA_QUESTIONS, ginaAgeBand, instrumentForAge, type Instrument } from '../../server/followups/rules';
import { AppError } from '../../server/errors';
import { RuleViolation } from '../../server/rule-violation';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { CheckField, errorsByPath, formBool, formNumber, formText, RadioGroup, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';

// Item ranges only: the questionnaires' wording is licensed, so the paper form is used alongside.
const ITEM_RANGES: Record<Instrument, { min: number; max: number; step: number; caregiver?: boolean }[]> = {
  'C-ACT': [...Array(4).fill({ min: 0, max: 3, step: 1 }), ...Array(3).fill({ min: 0, max: 5, step: 1, caregiver: true })],
  ACT: Array(5).fill({ min: 1, max: 5, step: 1 }),
  TRACK: Array(5).fill({ min: 0, max: 20, step: 5, caregiver: true }),
};

const yesNoAnswer = (values: FormValues, k: string): boolean | undefined => {
  const v = formText(values, k);
  return v === 'on' ? true : v === 'off' ? false : undefined;
};

function toBody(values: FormValues, instrument: Instrument) {
  const answers = ITEM_RANGES[instrument].map((_, i) => formNumber(values, `answer${i}`));
  const hasExacerbations = ['ocsCourses', 'edVisits', 'admissions'].some((k) => formText(values, k) !== undefined);
  return {
    date: formText(values, 'date'),
    mode: formText(values, 'mode'),
    instrument,
    answers: answers.map((a) => (a === undefined ? null : a)),
    // A GINA question nobody answered is not a "no": it stays missing and the form asks for it.
    gina: { q1: yesNoAnswer(values, 'q1'), q2: yesNoAnswer(values, 'q2'), q3: yesNoAnswer(values, 'q3'), q4: yesNoAnswer(values, 'q4') },
    exacerbations: hasExacerbations
      ? { ocsCourses: formNumber(values, 'ocsCourses') ?? 0, edVisits: formNumber(values, 'edVisits') ?? 0, admissions: formNumber(values, 'admissions') ?? 0 }
      : undefined,
    pef: formNumber(values, 'pef'),
    inhalerTechniqueOk: formBool(values, 'inhalerTechniqueOk'),
    adherenceOk: formBool(values, 'adherenceOk'),
    actionPlanGiven: formBool(values, 'actionPlanGiven'),
    treatmentChanged: formBool(values, 'treatmentChanged'),
    ginaStep: formNumber(values, 'ginaStep'),
    note: formText(values, 'note'),
  };
}

async function formPage(c: PageContext, childId: string, values: FormValues, errors: FieldErrors, messages: string[], status = 200) {
  const lang = c.get('lang');
  const child = await childForPage(c.get('deps'), requestContext(c), childId);
  const date = formText(values, 'date') ?? today(c.get('deps').clock);
  const age = ageInYears(child.birth_date, date);
  const instrument = instrumentForAge(age);
  const band = ginaAgeBand(age);
  const yesNo = [{ value: 'on', label: t(lang, 'common.yes') }, { value: 'off', label: t(lang, 'common.no') }];
  return render(
    c,
    t(lang, 'fu.title'),
    <>
      <h1>{t(lang, 'fu.title')} · {child.name}</h1>
      <ErrorSummary lang={lang} messages={messages} />
      <form method="post" action={`/children/${childId}/follow-ups/new`} class="card" novalidate>
        <div class="grid">
          <TextField name="date" type="date" label={t(lang, 'fu.date')} values={{ ...values, date }} errors={errors} required />
          <SelectField name="mode" label={t(lang, 'fu.mode')} values={values} errors={errors} required options={['clinic', 'phone', 'home'].map((m) => ({ value: m, label: t(lang, `fu.mode.${m}`) }))} />
        </div>
        <h2>{t(lang, 'fu.instrument', { instrument, age })}</h2>
        {errors.answers ? <p class="field-error">{errors.answers}</p> : null}
        {errors.instrument ? <p class="field-error">{errors.instrument}</p> : null}
        <div class="grid">
          {ITEM_RANGES[instrument].map((item, i) => (
            <TextField
              name={`answer${i}`}
              path={`answers.${i}`}
              type="number"
              inputmode="numeric"
              min={item.min}
              max={item.max}
              step={String(item.step)}
              label={t(lang, item.caregiver ? 'fu.itemCaregiver' : 'fu.item', { n: i + 1, min: item.min, max: item.max })}
              values={values}
              errors={errors}
              required
            />
          ))}
        </div>
        <h2>{t(lang, 'fu.gina')}</h2>
        {(['q1', 'q2', 'q3', 'q4'] as const).map((q) => (
          <RadioGroup name={q} path={`gina.${q}`} label={GINA_QUESTIONS[band][q][lang]} values={values} errors={errors} options={yesNo} />
        ))}
        <h2>{t(lang, 'fu.exacerbations')}</h2>
        <div class="grid">
          {(['ocsCourses', 'edVisits', 'admissions'] as const).map((k) => (
            <TextField name={k} path={`exacerbations.${k}`} type="number" inputmode="numeric" min={0} label={t(lang, `fu.${k}`)} values={values} errors={errors} />
          ))}
        </div>
        <div class="grid">
          <TextField name="pef" type="number" inputmode="numeric" label={t(lang, 'fu.pef')} values={values} errors={errors} />
          <SelectField name="ginaStep" label={t(lang, 'fu.ginaStep')} values={values} errors={errors} options={[{ value: '', label: '—' }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))]} />
        </div>
        {(['inhalerTechniqueOk', 'adherenceOk', 'actionPlanGiven', 'treatmentChanged'] as const).map((k) => (
          <CheckField name={k} label={t(lang, `fu.${k}`)} values={values} errors={errors} />
        ))}
        <TextField name="note" label={t(lang, 'fu.note')} values={values} errors={errors} />
        <p><button type="submit">{t(lang, 'fu.save')}</button></p>
      </form>
    </>,
    { status },
  );
}

export function registerFollowUpFormPages(app: Hono<AppEnv>): void {
  app.get('/children/:id/follow-ups/new', async (c) => {
    const actor = pageActor(c, ['clinician', 'admin']);
    if (actor instanceof Response) return actor;
    return formPage(c, c.req.param('id'), { mode: 'clinic' }, {}, []);
  });

  app.post('/children/:id/follow-ups/new', async (c) => {
    const actor = pageActor(c, ['clinician', 'admin']);
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const id = c.req.param('id');
    const values = await readForm(c);
    const child = await childInScope(c.get('deps').db, actor, id);
    const date = formText(values, 'date') ?? today(c.get('deps').clock);
    const instrument = instrumentForAge(ageInYears(child.birth_date, /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today(c.get('deps').clock)));
    const parsed = validate(followUpSchema, toBody(values, instrument), lang);
    if (!parsed.ok) return formPage(c, id, values, errorsByPath(parsed.details), parsed.details.map((d) => d.message), 400);
    try {
      const result = await logFollowUp(c.get('deps'), requestContext(c), id, parsed.data);
      return c.redirect(`/children/${id}?saved=${result.id}`, 303);
    } catch (err) {
      if (!(err instanceof RuleViolation) && !(err instanceof AppError && err.status === 400)) throw err;
      const details = (err as RuleViolation).details.map((d) => ({ path: d.path, message: d.message.startsWith('v.') ? t(lang, d.message) : t(lang, `err.${(err as RuleViolation).code}`) }));
      return formPage(c, id, values, errorsByPath(details), details.map((d) => d.message), 400);
    }
  });
}
