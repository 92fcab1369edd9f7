// Home-page blocks: a parent sees today's level for their child's school district; an admin the recent runs.
import { addHomeSection } from '../home';
import { t } from '../i18n';
import { today } from '../../server/clock';
import { childSchoolDistricts, findIndexDay, listJobRuns } from '../../server/asthma-index/service';
import { INDEX_JOB } from '../../server/asthma-index/job';
import { LevelBadge, districtName } from './parts';
import { JobRunsTable } from './jobs-page';

export function registerAsthmaIndexHomeSections(): void {
  addHomeSection(['parent'], 5, async (c, actor) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const districts = await childSchoolDistricts(deps, actor.id);
    const date = today(deps.clock);
    const days = await Promise.all((districts.length > 0 ? districts : (['pudong'] as const)).map(async (d) => ({ district: d, day: await findIndexDay(deps, d, date) })));
    return (
      <section class="card" aria-labelledby="home-index-heading">
        <h2 id="home-index-heading">
          {t(lang, 'home.index.title')} · {date}
        </h2>
        {districts.length > 0 ? <p class="muted">{t(lang, 'home.index.school')}</p> : null}
        {days.map(({ district, day }) => (
          <p>
            <strong>{districtName(district, lang)}</strong> {day ? <LevelBadge level={day.level} lang={lang} /> : <span class="muted">{t(lang, 'home.index.none')}</span>}{' '}
            <a href={`/index?district=${district}`}>{t(lang, 'home.index.more')}</a>
          </p>
        ))}
      </section>
    );
  });

  addHomeSection(['admin'], 50, async (c) => {
    const lang = c.get('lang');
    const { items } = await listJobRuns(c.get('deps'), { name: INDEX_JOB, limit: 5 });
    return (
      <section class="card" aria-labelledby="home-jobs-heading">
        <h2 id="home-jobs-heading">{t(lang, 'home.jobs.title')}</h2>
        <JobRunsTable lang={lang} runs={items} />
        <p>
          <a href="/admin/jobs">{t(lang, 'jobs.all')}</a>
        </p>
      </section>
    );
  });
}
