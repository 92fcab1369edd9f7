// A parent's webhook subscriptions: list, add, end. Forms post and redirect (303).
import type { Lang } from '../../server/context';
import { INDEX_LEVELS } from '../../jobs/asthma-index/advice';
import type { IndexLevel } from '../../jobs/asthma-index/params-v0.1';
import type { SubscriptionDto } from '../../server/asthma-index/service';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { DistrictOptions, districtName, localTime } from './parts';

export interface SubscriptionForm {
  district?: string;
  minLevel?: string;
  target?: string;
}

export function SubscriptionsPage(props: {
  lang: Lang;
  items: SubscriptionDto[];
  form: SubscriptionForm;
  errors: string[];
  created: boolean;
  secret: string | null;
}) {
  const { lang, form } = props;
  return (
    <>
      <h1>{t(lang, 'sub.title')}</h1>
      <p class="muted">{t(lang, 'sub.intro')}</p>
      {props.created ? <p class="notice" role="status">{t(lang, 'sub.created')}</p> : null}
      {props.secret ? (
        <p class="notice" role="status">{t(lang, 'sub.secretOnce')} <code>{props.secret}</code></p>
      ) : null}
      <section class="card" aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t(lang, 'sub.mine')}</h2>
        {props.items.length === 0 ? (
          <p>{t(lang, 'sub.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'sub.district')}</th>
                  <th>{t(lang, 'sub.minLevel')}</th>
                  <th>{t(lang, 'sub.target')}</th>
                  <th>{t(lang, 'sub.since')}</th>
                  <th>{t(lang, 'sub.status')}</th>
                </tr>
              </thead>
              <tbody>
                {props.items.map((s) => (
                  <tr>
                    <td>{districtName(s.district, lang)}</td>
                    <td>{s.minLevel} · {INDEX_LEVELS[s.minLevel as IndexLevel].label[lang]}</td>
                    <td><code>{s.target}</code></td>
                    <td>{localTime(s.createdAt)}</td>
                    <td>
                      {s.active ? (
                        <form method="post" action={`/index/subscriptions/${s.id}/end`} class="inline">
                          <span class="badge green">{t(lang, 'sub.active')}</span>{' '}
                          <button type="submit" class="secondary">{t(lang, 'sub.end')}</button>
                        </form>
                      ) : (
                        <span class="badge">{t(lang, 'sub.ended')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="new-heading">
        <h2 id="new-heading">{t(lang, 'sub.new')}</h2>
        <ErrorSummary lang={lang} messages={props.errors} />
        <form method="post" action="/index/subscriptions">
          <label for="district">{t(lang, 'sub.district')}</label>
          <select id="district" name="district" required>
            <DistrictOptions lang={lang} selected={form.district ?? 'pudong'} />
          </select>
          <label for="minLevel">{t(lang, 'sub.minLevel')}</label>
          <select id="minLevel" name="minLevel" required>
            {([1, 2, 3, 4, 5] as IndexLevel[]).map((level) => (
              <option value={String(level)} selected={(form.minLevel ?? '3') === String(level)}>
                {t(lang, 'sub.minLevelOption', { level, label: INDEX_LEVELS[level].label[lang] })}
              </option>
            ))}
          </select>
          <label for="target">{t(lang, 'sub.target')}</label>
          <input id="target" name="target" type="url" inputmode="url" required maxlength={500} value={form.target ?? ''} aria-describedby="target-hint" />
          <p id="target-hint" class="muted">{t(lang, 'sub.targetHint')}</p>
          <label for="secret">{t(lang, 'sub.secret')}</label>
          <input id="secret" name="secret" type="password" autocomplete="off" minlength={16} maxlength={200} aria-describedby="secret-hint" />
          <p id="secret-hint" class="muted">{t(lang, 'sub.secretHint')}</p>
          <p><button type="submit">{t(lang, 'sub.create')}</button></p>
        </form>
      </section>
    </>
  );
}
