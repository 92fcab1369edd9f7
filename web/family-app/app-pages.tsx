// The family's app: home, the action plan (printable), articles; the offline diary is in offline-diary-page.tsx.
// Every page works without JavaScript; only the offline queue and push need it.
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Actor, AppEnv, Lang } from '../../server/context';
import { addDays, ageInYears } from '../../server/calendar';
import { DIARY_MAX_DAYS_BACK, pefReference } from '../../server/followups/rules';
import { today } from '../../server/clock';
import { AppError } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { childInScope } from '../../server/children/service';
import { listDiary } from '../../server/diary/service';
import { TRIGGERS } from '../../server/diary/schemas';
import { childSchoolDistricts, findIndexDay } from '../../server/asthma-index/service';
import { DISTRICTS } from '../../server/asthma-index/rules/districts';
import { INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { getActionPlan, listSchoolPlans } from '../../server/family-app/plans';
import { familyChildren } from '../../server/family-app/family';
import { getArticle, listArticles, sentToFamily } from '../../server/family-app/articles';
import { articleHrefForFactor } from '../../server/family-app/index-articles';
import { ARTICLE_TOPICS } from '../../server/family-app/article-schemas';
import { t } from '../i18n';
import { CheckField, SelectField, TextField } from '../forms';
import { DangerSigns } from '../diary/danger-signs';
import { pageActor, render, type PageContext } from '../render';
import { appRender, PlanSheet } from './parts';
import { registerOfflineDiaryPage } from './offline-diary-page';

async function indexCard(c: PageContext, actor: Actor) {
  const deps = c.get('deps');
  const lang = c.get('lang');
  const district = (await childSchoolDistricts(deps, actor.id))[0] ?? 'pudong';
  const day = await findIndexDay(deps, district, today(deps.clock));
  const name = DISTRICTS.find((d) => d.code === district)?.name[lang] ?? district;
  if (!day)
    return (
      <section class="card">
        <h2>{t(lang, 'app.index')}</h2>
        <p class="muted">{t(lang, 'app.indexNone', { district: name })}</p>
        <p>
          <a href="/index">{t(lang, 'app.indexMore')}</a>
        </p>
      </section>
    );
  const top = day.factors[0];
  return (
    <section class="card">
      <h2>
        {t(lang, 'app.index')} · {name}
      </h2>
      <p>
        <span class={`level level-${day.level}`}>{t(lang, 'app.indexLevel', { level: day.level, label: INDEX_LEVELS[day.level].label[lang] })}</span>
      </p>
      {top && day.level >= 2 ? (
        <p>
          <a href={articleHrefForFactor(top.name)}>{t(lang, 'app.indexArticle', { factor: top.text[lang] })}</a>
        </p>
      ) : null}
      <p>
        <a href="/index">{t(lang, 'app.indexMore')}</a>
      </p>
    </section>
  );
}

async function homePage(c: PageContext, actor: Actor) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const children = await familyChildren(c.get('deps'), requestContext(c));
  const sent = await sentToFamily(deps, actor);
  return appRender(
    c,
    t(lang, 'app.title'),
    <>
      <h1>{t(lang, 'app.title')}</h1>
      {sent.length ? (
        <section class="card">
          <h2>{t(lang, 'app.sent')}</h2>
          <ul>
            {sent.map((s) => (
              <li>
                <a href={`/app/articles/${s.slug}`}>{s.title[lang]}</a> {s.read ? null : <span class="badge yellow">{t(lang, 'app.new')}</span>} <span class="muted">{s.sentAt.slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {children.length === 0 ? <p class="notice">{t(lang, 'app.noChildren')}</p> : null}
      {children.map((ch) => (
        <section class="card">
          <h2>{ch.name}</h2>
          <ul class="app-links">
            <li>{ch.planVersion ? <a href={`/app/plan/${ch.id}`}>{t(lang, 'app.planLink', { version: ch.planVersion })}</a> : <span class="muted">{t(lang, 'app.noPlan')}</span>}</li>
            <li>
              <a href={`/app/diary/${ch.id}`}>{t(lang, 'app.diaryLink')}</a> {ch.loggedToday ? <span class="badge green">{t(lang, 'diary.loggedToday')}</span> : <span class="badge yellow">{t(lang, 'diary.notLoggedToday')}</span>}
            </li>
            {ch.nextDue ? <li>{t(lang, 'app.nextDue', { date: ch.nextDue })}</li> : null}
          </ul>
        </section>
      ))}
      {await indexCard(c, actor)}
      {/* For the service worker (register-sw.js): kept now, each child's diary and plan open offline on a first visit. */}
      <script type="application/json" id="offline-pages" dangerouslySetInnerHTML={{ __html: JSON.stringify(['/app', ...children.flatMap((ch) => [`/app/diary/${ch.id}`, `/app/plan/${ch.id}`])]).replace(/</g, '\\u003c') }}></script>
      <section class="card">
        <h2>{t(lang, 'app.more')}</h2>
        <ul class="app-links">
          <li>
            <a href="/app/articles">{t(lang, 'app.articles')}</a>
          </li>
          <li>
            <a href="/app/notifications">{t(lang, 'app.notifications')}</a>
          </li>
          <li>
            <a href="/app/notifications/channels">{t(lang, 'notify.page.link')}</a>
          </li>
        </ul>
        <details>
          <summary>{t(lang, 'app.install')}</summary>
          <p>{t(lang, 'app.installAndroid')}</p>
          <p>{t(lang, 'app.installIos')}</p>
        </details>
      </section>
    </>,
  );
}

function topicLabel(lang: Lang, topic: string) {
  return t(lang, `article.topic.${topic}`);
}

export function registerAppPages(app: Hono<AppEnv>): void {
  app.get('/app', async (c) => {
    const actor = pageActor(c);
    if (actor instanceof Response) return actor;
    if (actor.role === 'nurse') return c.redirect('/app/plans', 303);
    if (actor.role !== 'parent') return c.redirect('/app/articles', 303);
    return homePage(c, actor);
  });

  // Precached by the service worker: what a family sees with no signal on a page not yet opened.
  app.get('/app/offline', (c) => {
    const lang = c.get('lang');
    return appRender(
      c,
      t(lang, 'app.offlineTitle'),
      <section class="card">
        <h1>{t(lang, 'app.offlineTitle')}</h1>
        <p>{t(lang, 'app.offlineText')}</p>
        <p>
          <a href="/app">{t(lang, 'app.title')}</a>
        </p>
      </section>,
    );
  });

  app.get('/app/plan/:id', async (c) => {
    const actor = pageActor(c, 'plans.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const id = c.req.param('id');
    const both = c.req.query('both') === '1';
    const isClinician = actor.role === 'clinician' || actor.role === 'admin';
    try {
      const plan = await getActionPlan(c.get('deps'), requestContext(c), id);
      return appRender(
        c,
        t(lang, 'plan.title'),
        <>
          <p class="no-print">
            <button type="button" id="print-plan" hidden>
              {t(lang, 'plan.print')}
            </button>{' '}
            <a href={both ? `/app/plan/${id}` : `/app/plan/${id}?both=1`}>{t(lang, both ? 'plan.oneLanguage' : 'plan.bilingual')}</a>
            {isClinician ? (
              <>
                {' '}
                · <a href={`/app/plan/${id}/edit`}>{t(lang, 'plan.newVersion')}</a>
              </>
            ) : null}
          </p>
          {isClinician && plan.relieverSchedule.standard ? (
            <p class="notice no-print" role="status">
              {t(lang, 'plan.schedule.updatePrompt')} <a href={`/app/plan/${id}/edit`}>{t(lang, 'plan.newVersion')}</a>
            </p>
          ) : null}
          <PlanSheet lang={lang} plan={plan} both={both} />
          <p class="no-print muted">{t(lang, 'plan.printHint')}</p>
        </>,
        { scripts: ['/static/app/print.js'] },
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404 || !(actor.role === 'parent' || isClinician)) throw err;
      // In scope but no plan yet (childInScope already answered 404 for anyone out of scope).
      const child = await childInScope(c.get('deps').db, actor, id);
      return appRender(
        c,
        t(lang, 'plan.title'),
        <section class="card">
          <h1>
            {t(lang, 'plan.title')} · {child.name}
          </h1>
          <p>{t(lang, isClinician ? 'plan.noneClinician' : 'app.noPlan')}</p>
          {isClinician ? (
            <p>
              <a class="button" href={`/app/plan/${id}/edit`}>
                {t(lang, 'plan.write')}
              </a>
            </p>
          ) : null}
        </section>,
      );
    }
  });

  app.get('/app/plans', async (c) => {
    const actor = pageActor(c, 'plans.school');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const items = await listSchoolPlans(c.get('deps'), requestContext(c));
    return appRender(
      c,
      t(lang, 'nurse.plans'),
      <>
        <h1>{t(lang, 'nurse.plans')}</h1>
        <p class="muted">{t(lang, 'nurse.plansIntro')}</p>
        {items.length ? (
          <table>
            <thead>
              <tr>
                <th>{t(lang, 'nurse.pupil')}</th>
                <th>{t(lang, 'plan.schedule.column')}</th>
                <th>{t(lang, 'nurse.version')}</th>
                <th>{t(lang, 'nurse.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr>
                  <td>
                    <a href={`/app/plan/${p.childId}`}>{p.name}</a>
                  </td>
                  <td>
                    {p.relieverSchedule.standard ? <>{t(lang, 'plan.schedule.standard')} </> : null}
                    {p.relieverSchedule.text[lang]}
                  </td>
                  <td>{p.version}</td>
                  <td>{p.updatedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t(lang, 'nurse.none')}</p>
        )}
      </>,
    );
  });

  app.get('/app/articles', async (c) => {
    const lang = c.get('lang');
    const actor = c.get('actor');
    const items = await listArticles(c.get('deps'), actor);
    return appRender(
      c,
      t(lang, 'app.articles'),
      <>
        <h1>{t(lang, 'app.articles')}</h1>
        {ARTICLE_TOPICS.filter((topic) => items.some((a) => a.topic === topic)).map((topic) => (
          <section class="card">
            <h2>{topicLabel(lang, topic)}</h2>
            <ul>
              {items
                .filter((a) => a.topic === topic)
                .map((a) => (
                  <li>
                    <a href={`/app/articles/${a.slug}`}>{a.title[lang]}</a>
                  </li>
                ))}
            </ul>
          </section>
        ))}
        {items.length === 0 ? <p>{t(lang, 'article.none')}</p> : null}
      </>,
    );
  });

  app.get('/app/articles/:slug', async (c) => {
    const lang = c.get('lang');
    const slug = c.req.param('slug');
    if (!/^[a-z0-9-]{1,60}$/.test(slug)) return c.notFound();
    const article = await getArticle(c.get('deps'), requestContext(c), slug);
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    const showOther = c.req.query('both') === '1';
    return appRender(
      c,
      article.title[lang],
      <article class="article">
        <p class="muted">
          <a href="/app/articles">{t(lang, 'app.articles')}</a> · {topicLabel(lang, article.topic)}
          {article.status === 'draft' ? (
            <>
              {' '}
              · <span class="badge yellow">{t(lang, 'article.draft')}</span>
            </>
          ) : null}
        </p>
        <h1>{article.title[lang]}</h1>
        {raw(article.body[lang])}
        <p class="no-print">
          <a href={showOther ? `/app/articles/${slug}` : `/app/articles/${slug}?both=1`}>{t(lang, showOther ? 'article.hideOther' : 'article.showOther')}</a>
        </p>
        {showOther ? (
          <section class="card" lang={other === 'zh' ? 'zh-CN' : 'en'}>
            <h2>{article.title[other]}</h2>
            {raw(article.body[other])}
          </section>
        ) : null}
        <p class="muted">{t(lang, 'article.disclaimer')}</p>
      </article>,
    );
  });
  registerOfflineDiaryPage(app);
}
