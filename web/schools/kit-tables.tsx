// A kit's tables: its inhalers and its use log. On a phone each row is a card (table.stack in
// app.css), every cell carrying its column's name, so nothing runs off a 390 px screen.
import type { Lang } from '../../server/context';
import type { KitView, UseView } from '../../server/schools/views';
import { t } from '../i18n';
import { shanghaiTime } from './parts';

export function MdiTable(props: { lang: Lang; kit: KitView; actions?: boolean }) {
  const { lang, kit } = props;
  if (kit.mdis.length === 0)
    return (
      <p>
        <span class="badge red">{t(lang, 'schools.kit.noMdi')}</span>
      </p>
    );
  const head = { batch: t(lang, 'schools.field.batch'), expiry: t(lang, 'schools.field.expiry'), remaining: t(lang, 'schools.field.remaining'), actions: t(lang, 'common.actions') };
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th>{head.batch}</th>
            <th>{head.expiry}</th>
            <th>{head.remaining}</th>
            {props.actions ? <th>{head.actions}</th> : null}
          </tr>
        </thead>
        <tbody>
          {kit.mdis.map((m) => (
            <tr>
              <td data-label={head.batch}>
                {m.batch}
                <br />
                <span class="muted">{m.product}</span>
              </td>
              <td data-label={head.expiry}>{m.expiry}</td>
              <td data-label={head.remaining}>
                {m.remaining} / {m.labelledDoses}
              </td>
              {props.actions ? (
                <td data-label={head.actions}>
                  <a href={`/kits/${kit.id}/mdis/new?replaces=${m.id}`}>{t(lang, 'schools.mdi.replace')}</a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The use log: when, which pupil, where, puffs, outcome, and when and how the parent was told
 * (issue 30: the time, not only the way). `pupils` names the pupils for staff who may see names;
 * null (the district) shows only whether the pupil was on the register.
 */
export function UseLog(props: { lang: Lang; kitId: string; uses: UseView[]; pupils: ReadonlyMap<string, string> | null; writer: boolean }) {
  const { lang, kitId } = props;
  if (props.uses.length === 0) return <p class="muted">{t(lang, 'common.none')}</p>;
  const head = {
    usedAt: t(lang, 'schools.field.usedAt'),
    pupil: t(lang, 'schools.use.pupil'),
    place: t(lang, 'schools.field.place'),
    puffs: t(lang, 'schools.field.puffs'),
    outcome: t(lang, 'schools.field.outcome'),
    told: t(lang, 'schools.use.parentToldCol'),
  };
  const pupil = (u: UseView) => {
    if (!u.childId) return <span class="muted">{t(lang, 'schools.use.notOnRegister')}</span>;
    return props.pupils ? (props.pupils.get(u.childId) ?? t(lang, 'schools.use.pupilOnRegister')) : t(lang, 'schools.use.pupilOnRegister');
  };
  return (
    <div class="table-wrap">
      <table class="stack use-log">
        <thead>
          <tr>
            <th>{head.usedAt}</th>
            <th>{head.pupil}</th>
            <th>{head.place}</th>
            <th>{head.puffs}</th>
            <th>{head.outcome}</th>
            <th>{head.told}</th>
          </tr>
        </thead>
        <tbody>
          {props.uses.map((u) => (
            <tr>
              <td data-label={head.usedAt}>{shanghaiTime(u.usedAt)}</td>
              <td data-label={head.pupil}>{pupil(u)}</td>
              <td data-label={head.place}>{u.place}</td>
              <td data-label={head.puffs}>{u.puffs}</td>
              <td data-label={head.outcome}>
                {t(lang, `schools.outcome.${u.outcome}`)}
                {u.called120 ? ' · 120' : ''}
              </td>
              <td data-label={head.told}>
                {u.parentToldAt ? (
                  <>
                    {shanghaiTime(u.parentToldAt)} · {t(lang, `schools.toldHow.${u.parentToldHow ?? 'phone'}`)}
                  </>
                ) : (
                  <span class="badge yellow">{t(lang, 'schools.use.parentNotTold')}</span>
                )}
                {props.writer ? (
                  <>
                    {' '}
                    <a href={`/kits/${kitId}/uses/${u.id}/parent-told`}>{t(lang, u.parentToldAt ? 'schools.use.parentToldChange' : 'schools.use.parentToldRecord')}</a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
