// Form fields that show their error beside them and keep what the user typed.
import type { ErrorDetail } from '../server/errors';

export type FormValues = Record<string, string | string[] | undefined>;
export type FieldErrors = Record<string, string>;

export const errorsByPath = (details: ErrorDetail[]): FieldErrors => Object.fromEntries(details.map((d) => [d.path || '_', d.message]));

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

interface FieldProps {
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  /** The error path when it differs from the form name (e.g. "guardian.phone"). */
  path?: string;
  required?: boolean;
  hint?: string;
}

function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="field-error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function TextField(props: FieldProps & { type?: string; inputmode?: 'numeric' | 'decimal' | 'tel' | 'text' | 'email'; min?: string | number; max?: string | number; autocomplete?: string; step?: string }) {
  const path = props.path ?? props.name;
  const err = props.errors[path];
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? ' *' : ''}
      </label>
      {props.hint ? (
        <p class="muted" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={str(props.values[props.name])}
        required={props.required}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        step={props.step}
        autocomplete={props.autocomplete}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={err} />
    </div>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  const path = props.path ?? props.name;
  const err = props.errors[path];
  const id = `f-${props.name}`;
  const current = str(props.values[props.name]);
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? ' *' : ''}
      </label>
      <select id={id} name={props.name} required={props.required} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={err} />
    </div>
  );
}

export function CheckField(props: Omit<FieldProps, 'required'>) {
  const path = props.path ?? props.name;
  const err = props.errors[path];
  const id = `f-${props.name}`;
  const checked = ['on', 'true', '1'].includes(str(props.values[props.name]));
  return (
    <div class="field">
      <label class="check" for={id}>
        <input id={id} type="checkbox" name={props.name} value="on" checked={checked} aria-invalid={err ? 'true' : undefined} />
        {props.label}
      </label>
      <FieldError id={`${id}-error`} message={err} />
    </div>
  );
}

/** Radio buttons in a fieldset (questionnaire items, yes/no questions). */
export function RadioGroup(props: FieldProps & { options: { value: string; label: string }[] }) {
  const path = props.path ?? props.name;
  const err = props.errors[path];
  const current = str(props.values[props.name]);
  return (
    <fieldset class="radios" aria-invalid={err ? 'true' : undefined}>
      <legend>
        {props.label}
        {props.required ? ' *' : ''}
      </legend>
      {props.options.map((o, i) => (
        <label class="check" for={`f-${props.name}-${i}`}>
          <input id={`f-${props.name}-${i}`} type="radio" name={props.name} value={o.value} checked={o.value === current} required={props.required} />
          {o.label}
        </label>
      ))}
      <FieldError id={`f-${props.name}-error`} message={err} />
    </fieldset>
  );
}

// Form values -> JSON for the shared zod schemas: empty means absent, so "required" messages appear.
export const formText = (v: FormValues, k: string): string | undefined => {
  const s = str(v[k]).trim();
  return s === '' ? undefined : s;
};
export const formNumber = (v: FormValues, k: string): number | string | undefined => {
  const s = formText(v, k);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
};
export const formBool = (v: FormValues, k: string): boolean => ['on', 'true', '1', 'yes'].includes(str(v[k]));
export const formList = (v: FormValues, k: string): string[] => {
  const raw = v[k];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((s) => s !== '');
};
