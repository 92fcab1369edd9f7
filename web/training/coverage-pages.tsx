// The admin's populations and prevalence (issue 36): each community centre's children aged 0-14
// with source and year, and the expected prevalence with its source.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { coverageReport, setPopulation, setPrevalence } from '../../server/training/coverage';
import { populationBody, prevalenceBody } from '../../server/training/schemas';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { pageActor, readForm, render, type PageContext } from '../render';
import { Field, Select, errorMap, num, serviceFieldErrors, str, summaryOf, type FieldErrors, type FormValues } from '../schools/parts';
import { fieldLabel, Saved } from './parts';

const PATH = '/admin/coverage';

async function coveragePage(c: PageContext, forms: { prevalence?: FormValues; population?: FormValues } = {}, errors: { prevalence?: FieldErrors; population?: FieldErrors } = {}, status = 200) {
  const lang = c.get('lang');
  const report = await coverageReport(c.get('deps'), requestContext(c), { months: 1 });
  const prevalenceForm = forms.prevalence ?? { percent: String(report.prevalence.percent), source: report.prevalence.isDefault ? t(lang, 'coverage.defaultSource') : report.prevalence.source };
  const year = c.get('deps').clock.now().getUTCFullYear() - 1;
  const populationForm = forms.population ?? { year: String(year) };
  const centres = report.centres.map((ce) => ({ value: ce.centerId, label: ce.name[lang] }));
  return render(
    c,
    t(lang, 'coverage.admin'),
    <>
      <p>
        <a href="/training">← {t(lang, 'training.back')}</a>
      </p>
      <h1>{t(lang, 'coverage.admin')}</h1>
      <Saved lang={lang} saved={c.req.query('saved')} />
      <p class="muted">{t(lang, 'coverage.admin.hint')}</p>
      <form method="post" action={`${PATH}/prevalence`} class="card">
        <h2>{t(lang, 'training.field.percent')}</h2>
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors.prevalence ?? {}, fieldLabel(lang))} />
        <Field name="percent" label={t(lang, 'training.field.percent')} form={prevalenceForm} errors={errors.prevalence ?? {}} type="number" step="0.01" min={0.01} max={50} inputmode="decimal" required />
        <Field name="source" label={t(lang, 'training.field.source')} form={prevalenceForm} errors={errors.prevalence ?? {}} required />
        <p>
          <button type="submit">{t(lang, 'coverage.setPrevalence')}</button>
        </p>
      </form>
      <form method="post" action={`${PATH}/population`} class="card">
        <h2>{t(lang, 'coverage.col.population')}</h2>
        <ErrorSummary lang={lang} messages={summaryOf(lang, errors.population ?? {}, fieldLabel(lang))} />
        <Select name="centerId" label={t(lang, 'training.field.centerId')} form={populationForm} errors={errors.population ?? {}} options={centres} />
        <Field name="year" label={t(lang, 'training.field.year')} form={populationForm} errors={errors.population ?? {}} type="number" min={2000} max={2100} inputmode="numeric" required />
        <Field name="population" label={t(lang, 'training.field.population')} form={populationForm} errors={errors.population ?? {}} type="number" min={1} inputmode="numeric" required />
        <Field name="source" label={t(lang, 'training.field.source')} form={populationForm} errors={errors.population ?? {}} required />
        <p>
          <button type="submit">{t(lang, 'coverage.setPopulation')}</button>
        </p>
      </form>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th>{t(lang, 'training.field.centerId')}</th>
              <th>{t(lang, 'training.field.year')}</th>
              <th>{t(lang, 'coverage.col.population')}</th>
              <th>{t(lang, 'training.field.source')}</th>
            </tr>
          </thead>
          <tbody>
            {report.centres.map((ce) => (
              <tr>
                <td data-label={t(lang, 'training.field.centerId')}>{ce.name[lang]}</td>
                <td data-label={t(lang, 'training.field.year')}>{ce.population?.year ?? '—'}</td>
                <td data-label={t(lang, 'coverage.col.population')}>{ce.population?.population ?? t(lang, 'coverage.noPopulation')}</td>
                <td data-label={t(lang, 'training.field.source')}>{ce.population?.source ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>,
    { status },
  );
}

export function registerCoveragePages(app: Hono<AppEnv>): void {
  app.get(PATH, async (c) => {
    const actor = pageActor(c, 'coverage.manage');
    if (actor instanceof Response) return actor;
    return coveragePage(c);
  });

  app.post(`${PATH}/prevalence`, async (c) => {
    const actor = pageActor(c, 'coverage.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(prevalenceBody, { percent: num(str(form, 'percent')), source: str(form, 'source') }, lang);
    if (!parsed.ok) return coveragePage(c, { prevalence: form }, { prevalence: errorMap(parsed.details, undefined, { form, lang }) }, 400);
    await setPrevalence(c.get('deps'), requestContext(c), parsed.data);
    return c.redirect(`${PATH}?saved=prevalence`, 303);
  });

  app.post(`${PATH}/population`, async (c) => {
    const actor = pageActor(c, 'coverage.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const form = await readForm(c);
    const parsed = validate(populationBody, { year: num(str(form, 'year')), population: num(str(form, 'population')), source: str(form, 'source') }, lang);
    let errors = parsed.ok ? null : errorMap(parsed.details, undefined, { form, lang });
    if (parsed.ok) {
      try {
        await setPopulation(c.get('deps'), requestContext(c), str(form, 'centerId'), parsed.data);
        return c.redirect(`${PATH}?saved=population`, 303);
      } catch (err) {
        errors = serviceFieldErrors(err, lang);
        if (!errors) throw err;
      }
    }
    return coveragePage(c, { population: form }, { population: errors ?? {} }, 400);
  });
}
