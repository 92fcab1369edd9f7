import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { ageInYears } from '../../server/calendar';
import { today } from '../../server/clock';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { childCreateSchema, childListQuery } from '../../server/children/schemas';
import { enrolChild, listChildren } from '../../server/children/service';
import { AppError } from '../../server/errors';
import { t } from '../i18n';
import { addNav, ErrorSummary } from '../layout';
import { errorsByPath, formNumber, formText, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';
import { centreOptions, schoolOptions } from '../../server/reference/service';

addNav('children.manage', { href: '/children', key: 'nav.children' }, 1);

export function registerChildListPages(app: Hono<AppEnv>): void {
  app.get('/children', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const parsed = validate(childListQuery, c.req.query(), lang);
    // A filter the page cannot read is said, not silently dropped for the default list.
    const page = parsed.ok ? await listChildren(c.get('deps'), requestContext(c), parsed.data) : { items: [], nextCursor: null };
    const queryErrors = parsed.ok ? {} : errorsByPath(parsed.details);
    const todayDate = today(c.get('deps').clock);
    const values = c.req.query();
    const next = new URLSearchParams({ ...values, cursor: page.nextCursor ?? '' });
    return render(
      c,
      t(lang, 'children.title'),
      <>
        <h1>{t(lang, 'children.title')}</h1>
        <p>
          <a class="button" href="/children/new">
            {t(lang, 'children.enrol')}
          </a>
        </p>
        <form method="get" action="/children" class="card">
          <TextField name="q" label={t(lang, 'children.search')} hint={t(lang, 'children.searchHint')} values={values} errors={queryErrors} />
          <div class="grid">
            <SelectField
              name="status"
              label={t(lang, 'children.filter.status')}
              values={values}
              errors={queryErrors}
              options={['active', 'withdrawn', 'transferred', 'all'].map((s) => ({ value: s, label: t(lang, `children.status.${s}`) }))}
            />
            <SelectField
              name="due"
              label={t(lang, 'children.filter.due')}
              values={values}
              errors={queryErrors}
              options={[
                { value: '', label: t(lang, 'children.filter.any') },
                { value: 'overdue', label: t(lang, 'children.filter.overdue') },
                { value: 'week', label: t(lang, 'children.filter.week') },
              ]}
            />
          </div>
          <p>
            <button type="submit">{t(lang, 'form.search')}</button>
          </p>
        </form>
        {page.items.length === 0 ? (
          <p>{t(lang, 'children.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'children.col.name')}</th>
                  <th>{t(lang, 'children.col.age')}</th>
                  <th>{t(lang, 'children.col.level')}</th>
                  <th>{t(lang, 'children.col.nextDue')}</th>
                  <th>{t(lang, 'children.col.phone')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((ch) => (
                  <tr>
                    <td>
                      <a href={`/children/${ch.id}`}>{ch.name}</a> {ch.highRisk ? <span class="badge urgent">{t(lang, 'children.highRisk')}</span> : null}
                    </td>
                    <td>{t(lang, 'children.years', { n: ageInYears(ch.birthDate, todayDate) })}</td>
                    <td>{ch.latestGinaLevel ? <span class={`badge ${ch.latestGinaLevel}`}>{t(lang, `level.${ch.latestGinaLevel}`)}</span> : '—'}</td>
                    <td>
                      {ch.nextDue ? (
                        <>
                          {ch.nextDue.date} {ch.nextDue.overdue ? <span class="badge overdue">{t(lang, 'children.overdue')}</span> : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{ch.guardianPhone}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.nextCursor ? (
          <p class="pager">
            <a href={`/children?${next.toString()}`}>{t(lang, 'common.next')}</a>
          </p>
        ) : null}
      </>,
      { wide: true },
    );
  });

  app.get('/children/new', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    const todayDate = today(c.get('deps').clock);
    return enrolPage(c, { centerId: actor.centerId ?? '', consentDate: todayDate, consentVersion: 'v1.0' }, {}, []);
  });

  app.post('/children/new', async (c) => {
    const actor = pageActor(c, 'children.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const values = await readForm(c);
    const body = {
      name: formText(values, 'name'),
      sex: formText(values, 'sex'),
      birthDate: formText(values, 'birthDate'),
      heightCm: formNumber(values, 'heightCm'),
      guardian: { name: formText(values, 'guardianName'), phone: formText(values, 'guardianPhone'), relation: formText(values, 'guardianRelation') },
      centerId: actor.role === 'clinician' ? actor.centerId : formText(values, 'centerId'),
      schoolId: formText(values, 'schoolId') ?? null,
      diagnosisDate: formText(values, 'diagnosisDate') ?? null,
      personalBestPef: formNumber(values, 'personalBestPef') ?? null,
      riskHistory: riskFromForm(values),
      consent: formText(values, 'consentGivenBy') || formText(values, 'consentDate') ? { givenBy: formText(values, 'consentGivenBy'), date: formText(values, 'consentDate'), noticeVersion: formText(values, 'consentVersion') } : undefined,
    };
    const parsed = validate(childCreateSchema, body, lang);
    if (!parsed.ok)
      return enrolPage(
        c,
        values,
        errorsByPath(parsed.details),
        parsed.details.map((d) => d.message),
        400,
      );
    try {
      const child = await enrolChild(c.get('deps'), requestContext(c), parsed.data);
      return c.redirect(`/children/${child.id}?saved=enrolled`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      const details = err.details.map((d) => ({ path: d.path, message: d.message.startsWith('v.') ? t(lang, d.message) : d.message }));
      return enrolPage(
        c,
        values,
        errorsByPath(details),
        details.map((d) => d.message),
        400,
      );
    }
  });
}

/** The risk history when the clinician filled any of it (then all four are needed); otherwise not taken. */
function riskFromForm(values: FormValues) {
  const fields = ['riskOcs', 'riskEd', 'riskAdmissions', 'riskIcu'];
  if (fields.every((k) => !formText(values, k))) return undefined;
  const icu = formText(values, 'riskIcu');
  return {
    ocsCourses12m: formNumber(values, 'riskOcs'),
    edVisits12m: formNumber(values, 'riskEd'),
    admissions12m: formNumber(values, 'riskAdmissions'),
    everIcuOrIntubated: icu === 'yes' ? true : icu === 'no' ? false : undefined,
  };
}

// Form field names are flat; error paths follow the API body ("guardian.phone"), so both are given.
async function enrolPage(c: PageContext, values: FormValues, errors: FieldErrors, messages: string[], status = 200) {
  const lang = c.get('lang');
  const schools = await schoolOptions(c.get('deps'));
  // A clinician enrols at their own centre; an admin chooses the centre.
  const centres = c.get('actor')?.role === 'admin' ? await centreOptions(c.get('deps')) : [];
  const f = (name: string, key: string, extra: Record<string, unknown> = {}) => <TextField name={name} label={t(lang, key)} values={values} errors={errors} {...extra} />;
  return render(
    c,
    t(lang, 'children.enrol'),
    <>
      <h1>{t(lang, 'children.enrol')}</h1>
      <ErrorSummary lang={lang} messages={messages} />
      <form method="post" action="/children/new" class="card" novalidate>
        <h2>{t(lang, 'child.identity')}</h2>
        {centres.length ? <SelectField name="centerId" label={t(lang, 'child.centre')} values={values} errors={errors} required options={centres.map((ce) => ({ value: ce.id, label: lang === 'en' ? ce.nameEn : ce.name }))} /> : null}
        {f('name', 'child.name', { required: true })}
        <SelectField
          name="sex"
          label={t(lang, 'child.sex')}
          values={values}
          errors={errors}
          required
          options={[
            { value: '', label: '—' },
            { value: 'M', label: t(lang, 'child.sex.M') },
            { value: 'F', label: t(lang, 'child.sex.F') },
          ]}
        />
        {f('birthDate', 'child.birthDate', { type: 'date', required: true })}
        {f('heightCm', 'child.heightCm', { inputmode: 'decimal' })}
        <SelectField name="schoolId" label={t(lang, 'child.school')} values={values} errors={errors} options={[{ value: '', label: t(lang, 'child.noSchool') }, ...schools.map((s) => ({ value: s.id, label: s.name }))]} />
        {f('diagnosisDate', 'child.diagnosisDate', { type: 'date' })}
        {f('personalBestPef', 'child.personalBestPef', { inputmode: 'numeric' })}
        <h2>{t(lang, 'child.risk')}</h2>
        <p class="muted">{t(lang, 'child.riskHint')}</p>
        {f('riskOcs', 'child.riskOcs', { path: 'riskHistory.ocsCourses12m', inputmode: 'numeric' })}
        {f('riskEd', 'child.riskEd', { path: 'riskHistory.edVisits12m', inputmode: 'numeric' })}
        {f('riskAdmissions', 'child.riskAdmissions', { path: 'riskHistory.admissions12m', inputmode: 'numeric' })}
        <SelectField
          name="riskIcu"
          path="riskHistory.everIcuOrIntubated"
          label={t(lang, 'child.riskIcu')}
          values={values}
          errors={errors}
          options={[
            { value: '', label: '—' },
            { value: 'no', label: t(lang, 'child.no') },
            { value: 'yes', label: t(lang, 'child.yes') },
          ]}
        />
        <h2>{t(lang, 'child.guardian')}</h2>
        {f('guardianName', 'child.guardianName', { path: 'guardian.name', required: true })}
        {f('guardianPhone', 'child.guardianPhone', { path: 'guardian.phone', required: true, type: 'tel', inputmode: 'tel' })}
        {f('guardianRelation', 'child.guardianRelation', { path: 'guardian.relation', required: true })}
        <h2>{t(lang, 'child.consent')}</h2>
        <p class="muted">{t(lang, 'child.consentHint')}</p>
        {errors.consent ? <p class="field-error">{errors.consent}</p> : null}
        {f('consentGivenBy', 'child.consentGivenBy', { path: 'consent.givenBy', required: true })}
        {f('consentDate', 'child.consentDate', { path: 'consent.date', type: 'date', required: true })}
        {f('consentVersion', 'child.consentVersion', { path: 'consent.noticeVersion', required: true })}
        <p>
          <button type="submit">{t(lang, 'form.save')}</button>
        </p>
      </form>
    </>,
    { status },
  );
}
