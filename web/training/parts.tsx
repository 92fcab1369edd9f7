// Shared pieces of the training pages: the saved notice, a session's line, a form's field labels.
import { z } from 'zod';
import type { Lang } from '../../server/context';
import { t } from '../i18n';

const SAVED = ['course', 'session', 'enrolled', 'attendance', 'competency', 'population', 'prevalence'] as const;
// Anything else in ?saved= is ignored: the address is typed, not trusted.
const savedQuery = z.enum(SAVED).optional().catch(undefined);

export function Saved(props: { lang: Lang; saved: string | undefined }) {
  const kind = savedQuery.parse(props.saved);
  return kind ? (
    <p class="notice saved" role="status">
      {t(props.lang, `training.saved.${kind}`)}
    </p>
  ) : null;
}

/** A field's name for the error summary. */
export const fieldLabel = (lang: Lang) => (path: string) => t(lang, `training.field.${path.split('.')[0]}`);

export const STATUS_TONE: Record<string, string> = { trained: 'green', due: 'yellow', lapsed: 'red', untrained: '' };

export function Outcome(props: { lang: Lang; attended: boolean | null; competency: string | null; competencyDate: string | null; expiresOn: string | null }) {
  const { lang } = props;
  return (
    <>
      <span class={`badge ${props.attended === true ? 'green' : props.attended === false ? 'red' : ''}`}>{t(lang, props.attended === true ? 'training.attended' : props.attended === false ? 'training.absent' : 'training.notRecorded')}</span>
      {props.competency ? (
        <>
          {' '}
          <span class={`badge ${props.competency === 'pass' ? 'green' : 'red'}`}>
            {t(lang, `training.${props.competency}`)} {props.competencyDate}
          </span>
        </>
      ) : null}
      {props.expiresOn ? (
        <>
          {' '}
          <span class="muted">{t(lang, 'training.expires', { date: props.expiresOn })}</span>
        </>
      ) : null}
    </>
  );
}
