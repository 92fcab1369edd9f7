import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { ageInYears } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { childForPage, childInScope } from '../../server/children/service';
import { logFollowUp } from '../../server/followups/service';
import { followUpSchema } from '../../server/followups/schemas';
import { GINA_QUESTIONS, ginaAgeBand, instrumentForAge, itemValues, scoreInstrument, type Instrument } from '../../server/followups/rules';
import { AppError } from '../../server/errors';
import { RuleViolation } from '../../server/rule-violation';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { CheckField, errorsByPath, formBool, formNumber, formText, RadioGroup, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';
import type { Lang } from '../../server/context';

// Items 5-7 of C-ACT and every TRACK item are the caregiver's (docs/clinical-rules.md).
const caregiverItem = (instrument: Instrument, i: number) => instrument === 'TRACK' || (instrument === 'C-ACT' && i >= 4);

// A date that is not yet valid (the form shows its error) must not change the questionnaire: use today's age.
function ageOn(birthDate: string, date: string, fallback: string): number {
  const age = /^\d{4}-\d{2}-\d{2}$/.test(date) ? ageInYears(birthDate, date) : NaN;
  return Number.isFinite(age) ? age : ageInYears(birthDate, fallback);
}

const yesNoAnswer = (values: FormValues, k: string): boolean | undefined => {
  const v = formText(values, k);
  return v === 'on' ? true : v === 'off' ? false : undefined;
};

function toBody(values: FormValues, instrument: Instrument) {
  const answers = itemValues(instrument).map((_, i) => formNumber(values, `answer${i}`));
  const hasExacerbations = ['ocsCourses', 'edVisits', 'admissions'].some((k) => formText(values, k) !== undefined);
  return {
    date: formText(values, 'date'),
    mode: formText(values, 'mode'),
    instrument,
    answers: answers.map((a) => (a === undefined ? null : a)),
    // A GINA question nobody answered is not a "no": it stays missing and the form asks for it.
    gina: { q1: yesNoAnswer(values, 'q1'), q2: yesNoAnswer(values, 'q2'), q3: yesNoAnswer(values, 'q3'), q4: yesNoAnswer(values, 'q4') },
    exacerbations: hasExacerbations ? { ocsCourses: formNumber(values, 'ocsCourses') ?? 0, edVisits: formNumber(values, 'edVisits') ?? 0, admissions: formNumber(values, 'admissions') ?? 0 } : undefined,
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
  const age = ageOn(child.birth_date, date, today(c.get('deps').clock));
  const instrument = instrumentForAge(age);
  const band = ginaAgeBand(age);
  const yesNo = [
    { value: 'on', label: t(lang, 'common.yes') },
    { value: 'off', label: t(lang, 'common.no') },
  ];
  return render(
    c,
    t(lang, 'fu.title'),
    <>
      <h1>
        {t(lang, 'fu.title')} · {child.name}
      </h1>
      <ErrorSummary lang={lang} messages={messages} />
      <form method="post" action={`/children/${childId}/follow-ups/new`} class="card" novalidate>
        <div class="grid">
          <TextField name="date" type="date" label={t(lang, 'fu.date')} values={{ ...values, date }} errors={errors} required />
          <SelectField name="mode" label={t(lang, 'fu.mode')} values={values} errors={errors} required options={['clinic', 'phone', 'home'].map((m) => ({ value: m, label: t(lang, `fu.mode.${m}`) }))} />
        </div>
        <h2>{t(lang, 'fu.instrument', { instrument, age })}</h2>
        {errors.answers ? <p class="field-error">{errors.answers}</p> : null}
        {errors.instrument ? <p class="field-error">{errors.instrument}</p> : null}
        <QuestionnaireItems lang={lang} instrument={instrument} values={values} errors={errors} />
        <h2>{t(lang, 'fu.gina')}</h2>
        {(['q1', 'q2', 'q3', 'q4'] as const).map((q) => (
          <RadioGroup name={q} path={`gina.${q}`} label={GINA_QUESTIONS[band][q][lang]} values={values} errors={errors} options={yesNo} required />
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
        <p>
          <button type="submit">{t(lang, 'fu.save')}</button>
        </p>
      </form>
    </>,
    { status, scripts: ['/static/app/questionnaire-total.js'] },
  );
}

/** One radio group per item, each answer in words with its score; a running total and band below. */
function QuestionnaireItems(props: { lang: Lang; instrument: Instrument; values: FormValues; errors: FieldErrors }) {
  const { lang, instrument, values, errors } = props;
  const items = itemValues(instrument);
  const group = (i: number) => (
    <RadioGroup
      name={`answer${i}`}
      path={`answers.${i}`}
      label={`${i + 1}. ${t(lang, `q.${instrument}.${i + 1}.topic`)}`}
      values={values}
      errors={errors}
      required
      options={[...items[i]!].sort((a, b) => b - a).map((score) => ({ value: String(score), label: t(lang, 'fu.answerScore', { answer: t(lang, `q.${instrument}.${i + 1}.${score}`), score }) }))}
    />
  );
  const indexes = items.map((_, i) => i);
  const parts =
    instrument === 'C-ACT'
      ? [
          { title: t(lang, 'q.childPart'), items: indexes.filter((i) => !caregiverItem(instrument, i)) },
          { title: t(lang, 'q.caregiverPart'), items: indexes.filter((i) => caregiverItem(instrument, i)) },
        ]
      : [{ title: instrument === 'TRACK' ? t(lang, 'q.caregiverAll') : '', items: indexes }];
  const answered = indexes.map((i) => formNumber(values, `answer${i}`));
  let total = t(lang, 'q.totalPending', { answered: answered.filter((a) => typeof a === 'number').length, items: items.length });
  try {
    const scored = scoreInstrument(instrument, answered);
    total = t(lang, 'q.totalDone', { score: scored.score, band: t(lang, `band.${scored.scoreBand}`) });
  } catch {
    // Not every item answered yet: the pending count stays.
  }
  return (
    <div
      class="questionnaire"
      data-instrument={instrument}
      data-items={items.length}
      data-pending={t(lang, 'q.totalPending')}
      data-done={t(lang, 'q.totalDone')}
      data-bands={JSON.stringify({ well: t(lang, 'band.well'), not_well: t(lang, 'band.not_well'), very_poor: t(lang, 'band.very_poor') })}
    >
      <p class="hint">{t(lang, 'q.caption')}</p>
      {parts.map((part) => (
        <section>
          {part.title ? <h3>{part.title}</h3> : null}
          {part.items.map(group)}
        </section>
      ))}
      <p class="total">
        <output id="q-total" aria-live="polite">
          {total}
        </output>
      </p>
    </div>
  );
}

export function registerFollowUpFormPages(app: Hono<AppEnv>): void {
  app.get('/children/:id/follow-ups/new', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    return formPage(c, c.req.param('id'), { mode: 'clinic' }, {}, []);
  });

  app.post('/children/:id/follow-ups/new', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const id = c.req.param('id');
    const values = await readForm(c);
    const child = await childInScope(c.get('deps').db, actor, id);
    const date = formText(values, 'date') ?? today(c.get('deps').clock);
    const instrument = instrumentForAge(ageOn(child.birth_date, date, today(c.get('deps').clock)));
    const body = toBody(values, instrument);
    // An unanswered item is named once, beside its question; the schema would only say "not valid".
    const missing = body.answers.flatMap((a, i) => (a === null ? [i] : []));
    const parsed = validate(followUpSchema, { ...body, answers: body.answers.map((a) => a ?? 0) }, lang);
    if (missing.length > 0 || !parsed.ok) {
      const others = parsed.ok ? [] : parsed.details.filter((d) => !missing.some((i) => d.path === `answers.${i}`));
      const fieldErrors = errorsByPath([...missing.map((i) => ({ path: `answers.${i}`, message: t(lang, 'fu.answerMissing') })), ...others]);
      const summary = [...missing.map((i) => t(lang, 'fu.answerMissingAt', { n: i + 1 })), ...others.map((d) => d.message)];
      return formPage(c, id, values, fieldErrors, summary, 400);
    }
    try {
      const result = await logFollowUp(c.get('deps'), requestContext(c), id, parsed.data);
      return c.redirect(`/children/${id}?saved=${result.id}`, 303);
    } catch (err) {
      if (!(err instanceof RuleViolation) && !(err instanceof AppError && err.status === 400)) throw err;
      const details = (err as RuleViolation).details.map((d) => ({ path: d.path, message: d.message.startsWith('v.') ? t(lang, d.message) : t(lang, `err.${(err as RuleViolation).code}`) }));
      return formPage(
        c,
        id,
        values,
        errorsByPath(details),
        details.map((d) => d.message),
        400,
      );
    }
  });
}
