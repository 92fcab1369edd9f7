// The danger signs a parent ticks in the diary (safety rules v2): first in the form, in plain
// words, each one enough to call 120. Shared by the family app's diary and the full diary page.
import type { Lang } from '../../server/context';
import { DANGER_SIGNS } from '../../server/followups/rules/symptom-zone';
import { t } from '../i18n';

export function DangerSigns(props: { lang: Lang; checked?: readonly string[] }) {
  const { lang, checked = [] } = props;
  return (
    <fieldset class="radios danger-signs">
      <legend>{t(lang, 'diary.dangerSigns')}</legend>
      {DANGER_SIGNS.map((s) => (
        <label class="check" for={`f-danger-${s}`}>
          <input id={`f-danger-${s}`} type="checkbox" name="dangerSigns" value={s} checked={checked.includes(s)} />
          {t(lang, `diary.danger.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** What a saved day tells the parent: the emergency text first, then what happens next. */
export function SavedDayNotice(props: { lang: Lang; emergency?: { zh: string; en: string }; parentMessage: { zh: string; en: string } | null; urgent: boolean }) {
  const { lang, emergency, parentMessage, urgent } = props;
  return (
    <>
      {emergency ? (
        <p class="errors emergency" role="alert">
          {emergency[lang]}
        </p>
      ) : null}
      {parentMessage ? <p class={urgent ? 'errors' : undefined}>{parentMessage[lang]}</p> : null}
    </>
  );
}
