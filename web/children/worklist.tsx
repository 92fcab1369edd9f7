import type { Hono } from 'hono';
import type { AppEnv, Actor } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { worklist } from '../../server/followups/service';
import { worklistQuery } from '../../server/followups/schemas';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addNav } from '../layout';
import { pageActor, readForm, render, safeBack, type PageContext } from '../render';
import { acknowledgeAlertsOfKind } from '../../server/diary/service';

addNav('worklist.own', { href: '/worklist', key: 'nav.worklist' }, 1);

/** Each alert kind once per child: the latest date, how many are open, and one "handled" for all. */
function groupedAlerts(alerts: { kind: string; level: string; date: string }[]) {
  const byKind = new Map<string, { kind: string; level: string; date: string; count: number }>();
  for (const a of alerts) {
    const seen = byKind.get(a.kind);
    byKind.set(a.kind, seen ? { ...seen, date: a.date > seen.date ? a.date : seen.date, count: seen.count + 1 } : { ...a, count: 1 });
  }
  return [...byKind.values()];
}

async function WorklistTable(c: PageContext, actor: Actor, within: number, filter?: 'uncontrolled' | 'high_risk' | 'overdue', limit = 200, back = '/worklist') {
  const lang = c.get('lang');
  const list = await worklist(c.get('deps'), requestContext(c), worklistQuery.parse({ within, filter, limit, centerId: actor.centerId ?? undefined }));
  if (list.items.length === 0) return <p>{t(lang, 'worklist.empty')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t(lang, 'children.col.name')}</th>
            <th>{t(lang, 'children.col.nextDue')}</th>
            <th>{t(lang, 'children.col.reason')}</th>
            <th>{t(lang, 'children.col.level')}</th>
            <th>{t(lang, 'children.col.alerts')}</th>
            <th>{t(lang, 'children.col.phone')}</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((i) => (
            <tr>
              <td>
                <a href={`/children/${i.childId}`}>{i.name}</a> <span class="muted">{t(lang, 'children.years', { n: i.age })}</span> {i.highRisk ? <span class="badge urgent">{t(lang, 'children.highRisk')}</span> : null}
              </td>
              <td>
                {i.dueDate ?? '—'} {i.overdue ? <span class="badge overdue">{t(lang, 'children.overdue')}</span> : null}
                {i.graceDays !== null ? <span class="muted"> {t(lang, 'worklist.grace', { n: i.graceDays })}</span> : null}
              </td>
              <td>{i.reasonText[lang]}</td>
              <td>{i.lastControlLevel ? <span class={`badge ${i.lastControlLevel}`}>{t(lang, `level.${i.lastControlLevel}`)}</span> : '—'}</td>
              <td>
                {groupedAlerts(i.alerts).map((a) => (
                  <span class="alert-kind">
                    <span class={`badge ${a.level}`}>
                      {a.date.slice(5)} {t(lang, `alert.${a.kind}`)}
                      {a.count > 1 ? ` ×${a.count}` : ''}
                    </span>{' '}
                    <form method="post" action={`/children/${i.childId}/alerts/acknowledge-kind`} class="inline">
                      <input type="hidden" name="kind" value={a.kind} />
                      <input type="hidden" name="back" value={back} />
                      <button type="submit" class="link">
                        {t(lang, 'worklist.handled')}
                      </button>
                    </form>
                  </span>
                ))}
              </td>
              <td>{i.guardianPhone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

addHomeSection(['clinician'], 10, async (c, actor) => {
  const lang = c.get('lang');
  return (
    <section class="card">
      <h2>
        {t(lang, 'worklist.title')} · {t(lang, 'worklist.within', { n: 7 })}
      </h2>
      {await WorklistTable(c, actor, 7, undefined, 25, '/')}
      <p>
        <a href="/worklist?within=7">{t(lang, 'worklist.title')} →</a>
      </p>
    </section>
  );
});

/** The windows a clinician chooses from; "overdue" lists every overdue child, whatever the window. */
const WINDOWS = [7, 14, 28] as const;

export function registerWorklistPages(app: Hono<AppEnv>): void {
  app.get('/worklist', async (c) => {
    const actor = pageActor(c, 'worklist.own');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const within = Math.min(90, Math.max(0, Number(c.req.query('within') ?? 14) || 14));
    const raw = c.req.query('filter');
    const filter = raw === 'uncontrolled' || raw === 'high_risk' || raw === 'overdue' ? raw : undefined;
    // "All overdue" looks back as far as the list goes: an overdue child's due date is in the past.
    const effective = filter === 'overdue' ? 0 : within;
    const here = `/worklist?within=${within}${filter ? `&filter=${filter}` : ''}`;
    const link = (f: string | undefined, key: string) => (
      <a href={`/worklist?within=${within}${f ? `&filter=${f}` : ''}`} aria-current={f === filter ? 'true' : undefined} class={f === filter ? 'badge well' : 'badge'}>
        {t(lang, key)}
      </a>
    );
    const windowLink = (n: number) => (
      <a
        href={`/worklist?within=${n}${filter && filter !== 'overdue' ? `&filter=${filter}` : ''}`}
        aria-current={n === within && filter !== 'overdue' ? 'true' : undefined}
        class={n === within && filter !== 'overdue' ? 'badge well' : 'badge'}
      >
        {t(lang, 'worklist.within', { n })}
      </a>
    );
    return render(
      c,
      t(lang, 'worklist.title'),
      <>
        <h1>{t(lang, 'worklist.title')}</h1>
        <nav class="flags" aria-label={t(lang, 'worklist.window')}>
          {WINDOWS.map(windowLink)} {link('overdue', 'worklist.allOverdue')}
        </nav>
        <p class="flags">
          {link(undefined, 'worklist.all')} {link('uncontrolled', 'worklist.uncontrolled')} {link('high_risk', 'worklist.highRisk')}
        </p>
        <p class="muted">{t(lang, 'worklist.graceHint')}</p>
        {await WorklistTable(c, actor, effective, filter, 200, here)}
      </>,
      { wide: true },
    );
  });

  app.post('/children/:id/alerts/acknowledge-kind', async (c) => {
    const actor = pageActor(c, 'worklist.read');
    if (actor instanceof Response) return actor;
    const form = await readForm(c);
    const kind = typeof form.kind === 'string' ? form.kind : '';
    if (/^[a-z_]{1,40}$/.test(kind)) await acknowledgeAlertsOfKind(c.get('deps'), requestContext(c), c.req.param('id'), kind);
    return c.redirect(safeBack(typeof form.back === 'string' ? form.back : undefined, '/worklist'), 303);
  });
}
