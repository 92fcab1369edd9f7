// Today's index at the top of "/" for a visitor who is not signed in: most are parents without an
// account, often on a phone at night. The level, what to do and when to call 120 show at once,
// with no tap and no second page to load on a weak signal; the rest is one tap away on /index.
import { getCookie } from 'hono/cookie';
import type { Lang } from '../../server/context';
import type { IsoDate } from '../../server/calendar';
import { today } from '../../server/clock';
import { DANGER_SIGNS } from '../../server/asthma-index/rules/advice';
import type { DistrictCode } from '../../server/asthma-index/rules/districts';
import { findIndexDay, type IndexDayDto } from '../../server/asthma-index/service';
import { t } from '../i18n';
import type { PageContext } from '../render';
import { DISTRICT_COOKIE, LevelBadge, districtName, pickDistrict } from './parts';
import { Advice, Notices } from './public-page';

export function FrontDoorIndex(props: { lang: Lang; district: DistrictCode; date: IsoDate; day: IndexDayDto | null }) {
  const { lang, day, district } = props;
  return (
    <section class="card" aria-labelledby="front-index-heading">
      <h1 id="front-index-heading">{t(lang, 'front.title')}</h1>
      <p>{t(lang, 'index.todayHeading', { district: districtName(district, lang), date: props.date })}</p>
      {day ? (
        <>
          <p>
            <LevelBadge level={day.level} lang={lang} big />
          </p>
          <Notices lang={lang} day={day} />
          <Advice lang={lang} day={day} />
        </>
      ) : (
        <>
          <p class="notice" role="status">
            {t(lang, 'index.notComputed', { date: props.date })}
          </p>
          {/* Without a level the danger signs still hold: they are what a parent must not miss. */}
          <p>
            <strong>{DANGER_SIGNS[lang]}</strong>
          </p>
        </>
      )}
      <p>
        <a class="button" href={`/index?district=${district}`}>
          {t(lang, 'front.details')}
        </a>
      </p>
      <p>
        <a href="/index#district">{t(lang, 'front.otherDistricts')}</a>
      </p>
      <p class="muted">{t(lang, 'index.disclaimer')}</p>
    </section>
  );
}

/** The front door's index for the district the visitor last chose, Pudong otherwise. */
export async function frontDoorIndex(c: PageContext) {
  const deps = c.get('deps');
  const district = pickDistrict(getCookie(c, DISTRICT_COOKIE));
  const date = today(deps.clock);
  const day = await findIndexDay(deps, district, date);
  return <FrontDoorIndex lang={c.get('lang')} district={district} date={date} day={day} />;
}
