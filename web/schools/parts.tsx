// Shared pieces of the school first-aid pages: form fields that keep typed values and show their
// messages, grade badges, alert and action lists.
import { z } from 'zod';
import type { Lang } from '../../server/context';
import type { ErrorDetail } from '../../server/errors';
import { AppError } from '../../server/errors';
import { FieldError } from '../../server/schools/field-error';
import { rubrics, type ActionView, type AlertView } from '../../server/schools/service';
import { rubricV1 } from '../../server/schools/rules';
import { DOCUMENT_KEYS } from '../../server/schools/schemas';
import { t } from '../i18n';

/** Form values as posted (repeated names become arrays). */
export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

export const str = (form: FormValues, name: string): string => {
  const v = form[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
export const list = (form: FormValues, name: string): string[] => {
  const v = form[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
export const checked = (form: FormValues, name: string): boolean => list(form, name).includes('on') || list(form, name).includes('1');

/** A number typed in a form: empty is missing, anything else unparsable stays text so the schema names it. */
export function num(value: string): number | string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}
/** A yes/no radio pair: unanswered stays missing, so the schema asks for it. */
export function yesNo(value: string): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}
/** An instant as a nurse in Shanghai reads it: "2025-10-20 09:50" (UTC+8, no daylight saving). */
export const shanghaiTime = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** What a form can have just saved; the page it returns to says so (issue 30). */
export const SAVED_KINDS = ['check', 'use', 'parentTold', 'kit', 'mdi', 'retired', 'reactivated', 'training'] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];
// Anything else in ?saved= is ignored: the address is typed, not trusted.
const savedQuery = z.enum(SAVED_KINDS).optional().catch(undefined);

/** The confirmation a nurse sees at the top of the page after saving, so a tap on a phone is known to have worked. */
export function SavedNotice(props: { lang: Lang; saved: string | undefined }) {
  const kind = savedQuery.parse(props.saved);
  return kind ? (
    <p class="notice saved" role="status">
      {t(props.lang, `schools.saved.${kind}`)}
    </p>
  ) : null;
}

/** A datetime-local value read as Asia/Shanghai time. */
export function shanghaiInstant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
}

/**
 * Messages by form field. Given the form, a field left blank says "required" in the page's words
 * rather than the validator's "expected number, received undefined" (issue 30).
 */
export function errorMap(details: ErrorDetail[], rename: (path: string) => string = (p) => p, blank?: { form: FormValues; lang: Lang }): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const key = rename(d.path);
    if (key in out) continue;
    // Only the validator's own words for a missing value (they name "undefined"); a message of ours stays.
    const missing = blank && /undefined/.test(d.message) && list(blank.form, key).every((v) => v.trim() === '');
    out[key] = missing ? t(blank.lang, 'v.required') : d.message;
  }
  return out;
}

/** A service's field check, in the user's language; anything else is not a form problem. */
export function serviceFieldErrors(err: unknown, lang: Lang): FieldErrors | null {
  if (err instanceof FieldError) return { [err.path]: t(lang, err.key) };
  if (err instanceof AppError && err.code === 'validation_failed') return errorMap(err.details);
  return null;
}

/** The error summary's lines, "field: problem" punctuated in the page's language. */
export function summaryOf(lang: Lang, errors: FieldErrors, labels: (path: string) => string): string[] {
  return Object.entries(errors).map(([path, message]) => t(lang, 'form.fieldProblem', { field: labels(path), message }));
}

const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export function FieldMessage(props: { error?: string; name: string }) {
  return props.error ? (
    <p class="field-error" id={`${fieldId(props.name)}-err`}>
      {props.error}
    </p>
  ) : null;
}

export function Field(props: {
  name: string;
  label: string;
  form: FormValues;
  errors: FieldErrors;
  type?: string;
  required?: boolean;
  hint?: string;
  min?: number;
  max?: number;
  step?: string;
  inputmode?: 'numeric' | 'decimal' | 'text';
  placeholder?: string;
}) {
  const error = props.errors[props.name];
  const id = fieldId(props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint ? <p class="muted">{props.hint}</p> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={str(props.form, props.name)}
        required={props.required}
        min={props.min}
        max={props.max}
        step={props.step}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <FieldMessage error={error} name={props.name} />
    </div>
  );
}

export function TextArea(props: { name: string; label: string; form: FormValues; errors: FieldErrors }) {
  const error = props.errors[props.name];
  const id = fieldId(props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={3} aria-invalid={error ? 'true' : undefined}>
        {str(props.form, props.name)}
      </textarea>
      <FieldMessage error={error} name={props.name} />
    </div>
  );
}

export function Select(props: { name: string; label: string; form: FormValues; errors: FieldErrors; options: { value: string; label: string }[]; empty?: string }) {
  const error = props.errors[props.name];
  const id = fieldId(props.name);
  const value = str(props.form, props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessage error={error} name={props.name} />
    </div>
  );
}

export function Check(props: { name: string; label: string; form: FormValues; value?: string; errors?: FieldErrors }) {
  const value = props.value ?? 'on';
  const error = props.errors?.[props.name];
  return (
    <>
      <label class="check">
        <input type="checkbox" name={props.name} value={value} checked={list(props.form, props.name).includes(value)} /> {props.label}
      </label>
      <FieldMessage error={error} name={props.name} />
    </>
  );
}

/** A question answered yes or no; left unanswered, the form asks again. */
export function YesNo(props: { name: string; label: string; form: FormValues; errors: FieldErrors; lang: Lang }) {
  const value = str(props.form, props.name);
  const error = props.errors[props.name];
  return (
    <fieldset class="yes-no" aria-invalid={error ? 'true' : undefined}>
      <legend>{props.label}</legend>
      <label class="check">
        <input type="radio" name={props.name} value="yes" checked={value === 'yes'} /> {t(props.lang, 'common.yes')}
      </label>
      <label class="check">
        <input type="radio" name={props.name} value="no" checked={value === 'no'} /> {t(props.lang, 'common.no')}
      </label>
      <FieldMessage error={error} name={props.name} />
    </fieldset>
  );
}

export const yn = (v: boolean | null | undefined): string => (v === true ? 'yes' : v === false ? 'no' : '');

export function GradeBadge(props: { grade: string | null | undefined; lang: Lang }) {
  if (!props.grade) return <span class="badge">{t(props.lang, 'schools.notAssessed')}</span>;
  const tone = props.grade === 'D' ? 'red' : props.grade === 'C' ? 'yellow' : 'green';
  return (
    <span class={`badge ${tone}`}>
      {props.grade} · {t(props.lang, `schools.grade.${props.grade}`)}
    </span>
  );
}

/**
 * Why the grade is below the score's band: the caps that set it ("band A (93.3), capped at C because:
 * register not updated this term"). Nothing when the band is the grade.
 */
export function CapExplanation(props: { lang: Lang; band: string; grade: string; score: number; caps: readonly string[]; rubricVersion: string }) {
  const { lang, band, grade } = props;
  if (band === grade) return null;
  const rubric = rubrics[props.rubricVersion] ?? rubricV1;
  // Only the caps at the final grade lowered it; a milder cap that also fired changed nothing.
  const setting = rubric.caps.filter((c) => props.caps.includes(c.id) && c.grade === grade).map((c) => c.label[lang]);
  const reasons = lang === 'en' ? setting.map((r) => r.charAt(0).toLowerCase() + r.slice(1)).join('; ') : setting.join('；');
  return <p class="cap-why">{t(lang, 'schools.cap.explain', { band, grade, score: props.score.toFixed(1), reasons })}</p>;
}

const ALERT_TONE: Record<string, string> = { expired: 'red', below20: 'red', overdue: 'overdue', within7: 'red', below40: 'yellow', within30: 'yellow', reminder: 'yellow', within60: '' };

export function alertText(lang: Lang, a: AlertView): string {
  if (a.kind === 'kitCheck') return t(lang, `schools.alert.check.${a.level}`, { kit: a.kitLabel, date: a.dueDate });
  if (a.kind === 'mdiPuffs') return t(lang, `schools.alert.puffs.${a.level}`, { kit: a.kitLabel, batch: a.mdiBatch });
  return t(lang, `schools.alert.expiry.${a.level}`, { kit: a.kitLabel, batch: a.mdiBatch, expiry: a.expiry ?? '', date: 'dueDate' in a ? a.dueDate : '' });
}

export function AlertList(props: { lang: Lang; alerts: (AlertView & { schoolName?: string })[]; limit?: number }) {
  const { lang } = props;
  if (props.alerts.length === 0) return <p class="muted">{t(lang, 'schools.alerts.none')}</p>;
  const shown = props.limit ? props.alerts.slice(0, props.limit) : props.alerts;
  return (
    <ul>
      {shown.map((a) => (
        <li>
          <span class={`badge ${ALERT_TONE[a.level] ?? ''}`}>{t(lang, `schools.alert.level.${a.level}`)}</span> {a.schoolName ? <strong>{a.schoolName} · </strong> : null}
          <a href={`/kits/${a.kitId}`}>{alertText(lang, a)}</a>
        </li>
      ))}
      {props.alerts.length > shown.length ? <li class="muted">{t(lang, 'schools.alerts.more', { n: props.alerts.length - shown.length })}</li> : null}
    </ul>
  );
}

/** Corrective actions with the form that moves each one on (done with a note; verified by the district). */
export function ActionTable(props: { lang: Lang; actions: ActionView[]; role: string; back: string; errorFor?: string }) {
  const { lang } = props;
  if (props.actions.length === 0) return <p class="muted">{t(lang, 'schools.actions.none')}</p>;
  const canClose = props.role === 'nurse' || props.role === 'admin';
  const head = (key: string) => t(lang, `schools.action.${key}`);
  // One card per action on a phone (table.stack, app.css): each cell carries its column's name.
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th>{head('item')}</th>
            <th>{head('priority')}</th>
            <th>{head('text')}</th>
            <th>{head('owner')}</th>
            <th>{head('due')}</th>
            <th>{head('status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.actions.map((a) => (
            <tr>
              <td data-label={head('item')}>{a.item}</td>
              <td data-label={head('priority')}>
                <span class={`badge ${a.priority === 'P1' ? 'red' : a.priority === 'P2' ? 'yellow' : ''}`}>{a.priority}</span>
              </td>
              <td data-label={head('text')} class="stack-wide">
                {a.text[lang]}
                {a.kind === 'alert' ? <span class="muted"> ({t(lang, 'schools.action.alertKind')})</span> : null}
              </td>
              <td data-label={head('owner')}>{t(lang, `schools.owner.${a.owner}`)}</td>
              <td data-label={head('due')}>
                {a.dueDate}
                {a.escalated ? (
                  <>
                    {' '}
                    <span class="badge overdue">{t(lang, 'schools.action.escalated')}</span>
                  </>
                ) : a.overdue ? (
                  <>
                    {' '}
                    <span class="badge overdue">{t(lang, 'schools.action.overdue')}</span>
                  </>
                ) : null}
              </td>
              <td data-label={head('status')} class="stack-wide">
                {t(lang, `schools.status.${a.status}`)}
                {a.closingNote ? <p class="muted">{a.closingNote}</p> : null}
                {canClose && a.status === 'open' ? (
                  <form method="post" action={`/school-actions/${a.id}`} class="action-close">
                    <input type="hidden" name="status" value="done" />
                    <input type="hidden" name="back" value={props.back} />
                    <label for={`note-${a.id}`}>{t(lang, 'schools.action.note')}</label>
                    <textarea id={`note-${a.id}`} name="note" rows={3} aria-invalid={props.errorFor === a.id ? 'true' : undefined}></textarea>
                    {props.errorFor === a.id ? <p class="field-error">{t(lang, 'v.school.noteRequired')}</p> : null}
                    <button type="submit" class="secondary">
                      {t(lang, 'schools.action.markDone')}
                    </button>
                  </form>
                ) : null}
                {props.role === 'admin' && a.status === 'done' ? (
                  <form method="post" action={`/school-actions/${a.id}`}>
                    <input type="hidden" name="status" value="verified" />
                    <input type="hidden" name="back" value={props.back} />
                    <button type="submit" class="secondary">
                      {t(lang, 'schools.action.verify')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart.js config as a JSON data block ("<" escaped so text can never close the tag). */
export function ChartData(props: { id: string; config: unknown }) {
  const json = JSON.stringify(props.config).replace(/</g, '\\u003c');
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: json }}></script>;
}

export const CHART_SCRIPTS = ['/static/vendor/chart.umd.js', '/static/charts.js'];

/** Names a kit form field in an error summary by its last named segment. */
export const kitFieldLabel = (lang: Lang) => (path: string) => {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  const key = `schools.field.${last}`;
  const text = t(lang, key);
  return text === key ? path : text;
};

export function DocumentChecks(props: { lang: Lang; form: FormValues; prefix: string }) {
  return (
    <fieldset>
      <legend>{t(props.lang, 'schools.field.documents')}</legend>
      {DOCUMENT_KEYS.map((d) => (
        <Check name={`${props.prefix}.${d}`} label={t(props.lang, `schools.doc.${d}`)} form={props.form} />
      ))}
    </fieldset>
  );
}
