import type { Hono } from 'hono';
import type { AppEnv, Actor } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { worklist } from '../../server/followups/service';
import { worklistQuery } from '../../server/followups/schemas';
import { t } from '../i18n';
import { addHomeSection } from '../home';
import { addNav } from '../layout';
import { pageActor, render, type PageContext } from '../render';

addNav(['clinician'], { href: '/worklist', key: 'nav.worklist' }, 1);

async function WorklistTable(c: PageContext, actor: Actor, within: number, filter?: 'uncontrolled' | 'high_risk' | 'overdue', limit = 200) {
  const lang = c.get('lang');
  const list = await worklist(c.get('deps'), requestContext(c), worklistQuery.parse({ within, filter, limit, centerId: actor.centerId ?? undefined }));
  if (list.items.length === 0) return <p>{t(lang, 'worklist.empty')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead><tr><th>{t(lang, 'children.col.name')}</th><th>{t(lang, 'children.col.nextDue')}</th><th>{t(lang, 'children.col.reason')}</th><th>{t(lang, 'children.col.level')}</th><th>{t(lang, 'children.col.alerts')}</th><th>{t(lang, 'children.col.phone')}</th></tr></thead>
        <tbody>
          {list.items.map((i) => (
            <tr>
              <td><a href={`/children/${i.childId}`}>{i.name}</a> <span class="muted">{t(lang, 'children.years', { n: i.age })}</span> {i.highRisk ? <span class="badge urgent">{t(lang, 'children.highRisk')}</span> : null}</td>
              <td>{i.dueDate ?? '—'} {i.overdue ? <span class="badge overdue">{t(lang, 'children.overdue')}</span> : null}</td>
              <td>{i.reasonText[lang]}</td>
              <td>{i.lastControlLevel ? <span class={`badge ${i.lastControlLevel}`}>{t(lang, `level.${i.lastControlLevel}`)}</span> : '—'}</td>
              <td>{i.alerts.map((a) => <span class={`badge ${a.level}`}>{a.date.slice(5)} {t(lang, `alert.${a.kind}`)}</span>)}</td>
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
      <h2>{t(lang, 'worklist.title')} · {t(lang, 'worklist.within', { n: 7 })}</h2>
      {await WorklistTable(c, actor, 7, undefined, 25)}
      <p><a href="/worklist">{t(lang, 'worklist.title')} →</a></p>
    </section>
  );
});

export function registerWorklistPages(app: Hono<AppEnv>): void {
  app.get('/worklist', async (c) => {
    const actor = pageActor(c, ['clinician']);
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const within = Math.min(90, Math.max(0, Number(c.req.query('within') ?? 14) || 14));
    const raw = c.req.query('filter');
    const filter = raw === 'uncontrolled' || raw === 'high_risk' || raw === 'overdue' ? raw : undefined;
    const link = (f: string | undefined, key: string) => (
      <a href={`/worklist?within=${within}${f ? `&filter=${f}` : ''}`} aria-current={f === filter ? 'true' : undefined} class={f === filter ? 'badge well' : 'badge'}>{t(lang, key)}</a>
    );
    return render(
      c,
      t(lang, 'worklist.title'),
      <>
        <h1>{t(lang, 'worklist.title')}</h1>
        <p>{t(lang, 'worklist.within', { n: within })}</p>
        <p class="flags">{link(undefined, 'worklist.all')} {link('overdue', 'worklist.overdue')} {link('uncontrolled', 'worklist.uncontrolled')} {link('high_risk', 'worklist.highRisk')}</p>
        {await WorklistTable(c, actor, within, filter)}
      </>,
      { wide: true },
    );
  });
}
