// Home page blocks: a nurse's kit alerts, checks due and open actions; the district's schools
// needing attention and escalated P1 actions.
import { requestContext } from '../../server/http/route';
import * as schools from '../../server/schools/service';
import { addHomeSection } from '../home';
import { t } from '../i18n';
import { AlertList, GradeBadge } from './parts';

const HOME_ALERTS = 8;
const HOME_SCHOOLS = 8;

export function registerSchoolHomeSections(): void {
  addHomeSection(['nurse'], 10, async (c, actor) => {
    if (!actor.schoolId) return null;
    const lang = c.get('lang');
    const ctx = requestContext(c);
    const summary = await schools.schoolSummary(c.get('deps'), ctx, actor.schoolId);
    const checksDue = summary.alerts.filter((a) => a.kind === 'kitCheck');
    const otherAlerts = summary.alerts.filter((a) => a.kind !== 'kitCheck');
    const actions = summary.openActions.filter((a) => a.kind === 'action');
    return (
      <div class="grid">
        <section class="card">
          <h2>{t(lang, 'schools.home.kitAlerts')}</h2>
          <AlertList lang={lang} alerts={otherAlerts} limit={HOME_ALERTS} />
          <p>
            <a href={`/schools/${actor.schoolId}/kits`}>{t(lang, 'schools.kits.title')}</a>
          </p>
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.home.checksDue')}</h2>
          <AlertList lang={lang} alerts={checksDue} limit={HOME_ALERTS} />
        </section>
        <section class="card">
          <h2>{t(lang, 'schools.openActions')}</h2>
          {actions.length === 0 ? (
            <p class="muted">{t(lang, 'schools.actions.none')}</p>
          ) : (
            <ul>
              {actions.slice(0, HOME_ALERTS).map((a) => (
                <li>
                  <span class={`badge ${a.priority === 'P1' ? 'red' : a.priority === 'P2' ? 'yellow' : ''}`}>{a.priority}</span> {a.text[lang]} · {a.dueDate}
                  {a.overdue ? (
                    <>
                      {' '}
                      <span class="badge overdue">{t(lang, 'schools.action.overdue')}</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p>
            <GradeBadge grade={summary.latest?.grade} lang={lang} /> <a href={`/schools/${actor.schoolId}`}>{t(lang, 'schools.home.schoolPage')}</a>
          </p>
        </section>
      </div>
    );
  });

  addHomeSection(['manager', 'admin'], 20, async (c) => {
    const lang = c.get('lang');
    const ctx = requestContext(c);
    const { items } = await schools.schoolsOverview(c.get('deps'), ctx);
    const escalated = await schools.listOpenActions(c.get('deps'), ctx, { escalatedOnly: true });
    const attention = items.filter((s) => s.attention > 0).slice(0, HOME_SCHOOLS);
    const names = new Map(items.map((s) => [s.id, s.name]));
    return (
      <section class="card">
        <h2>{t(lang, 'schools.home.attention')}</h2>
        {escalated.length ? (
          <div class="errors">
            <p>{t(lang, 'schools.home.escalated', { n: escalated.length })}</p>
            <ul>
              {escalated.slice(0, HOME_SCHOOLS).map((a) => (
                <li>
                  <a href={`/schools/${a.schoolId}`}>{names.get(a.schoolId)}</a> · {a.text[lang]} · {a.dueDate}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {attention.length === 0 ? (
          <p class="muted">{t(lang, 'home.empty')}</p>
        ) : (
          <ul>
            {attention.map((s) => (
              <li>
                <a href={`/schools/${s.id}`}>{s.name}</a> <GradeBadge grade={s.latest?.grade} lang={lang} />
                {s.alerts.expired ? (
                  <>
                    {' '}
                    <span class="badge red">{t(lang, 'schools.overview.expired', { n: s.alerts.expired })}</span>
                  </>
                ) : null}
                {s.alerts.checkOverdue ? (
                  <>
                    {' '}
                    <span class="badge overdue">{t(lang, 'schools.overview.checks', { n: s.alerts.checkOverdue })}</span>
                  </>
                ) : null}
                {s.reassessOverdue ? (
                  <>
                    {' '}
                    <span class="badge overdue">{t(lang, 'schools.home.reassessOverdue')}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/schools">{t(lang, 'schools.overview.title')}</a>
        </p>
      </section>
    );
  });
}
