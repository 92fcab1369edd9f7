// Why a child is due, in words a nurse reads on the worklist ("red zone in diary on 03-05").
import type { Lang } from '../context';

interface Detail {
  kind: string;
  on: string;
}

const text: Record<string, { zh: (d: string) => string; en: (d: string) => string }> = {
  enrolment: { zh: (d) => `${d} 登记，4 周后首次随访`, en: (d) => `enrolled ${d}, first review 4 weeks after` },
  treatment_changed: { zh: (d) => `${d} 调整治疗，4 周后复诊`, en: (d) => `treatment changed ${d}, review 4 weeks after` },
  uncontrolled: { zh: (d) => `上次随访（${d}）未控制，2 周后复诊`, en: (d) => `uncontrolled at last visit (${d}), due 2 weeks after` },
  partly: { zh: (d) => `上次随访（${d}）部分控制，4 周后复诊`, en: (d) => `partly controlled at last visit (${d}), due 4 weeks after` },
  well: { zh: (d) => `上次随访（${d}）良好控制，12 周后复诊`, en: (d) => `well controlled at last visit (${d}), due 12 weeks after` },
  well_sustained: { zh: (d) => `持续良好控制（至 ${d}），24 周后复诊`, en: (d) => `well controlled twice (to ${d}), due 24 weeks after` },
  red_zone: { zh: (d) => `日记 ${d} 红区，7 天内复诊`, en: (d) => `red zone in diary on ${d}, review within 7 days` },
  ed_visit: { zh: (d) => `${d} 急诊就诊，7 天内复诊`, en: (d) => `emergency visit on ${d}, review within 7 days` },
  admission: { zh: (d) => `${d} 住院，7 天内复诊`, en: (d) => `admitted on ${d}, review within 7 days` },
  ocs_started: { zh: (d) => `${d} 开始口服激素，7 天内复诊`, en: (d) => `oral steroid started ${d}, review within 7 days` },
  downward_referral_accepted: { zh: (d) => `${d} 医院下转，7 天内复诊`, en: (d) => `referred back by the hospital ${d}, review within 7 days` },
};

export function dueReasonText(detailJson: string | null, lang: Lang): string {
  if (!detailJson) return '';
  const detail = JSON.parse(detailJson) as Detail;
  const entry = text[detail.kind];
  const on = detail.on.slice(5);
  return entry ? entry[lang](on) : detail.kind;
}
