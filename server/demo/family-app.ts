import type { Db } from '../../db/connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import type { SeededChild } from './children';
import { addDays, ageInYears } from '../calendar';
import { t } from '../../web/i18n';
import { ZONES } from '../family-app/plan-rules';
import type { ActionPlanContent, Medicine } from '../family-app/plan-schemas';

// The demo's family app: the library published, action plans (written at the latest follow-up) for
// the demo parent's two children, an article sent by the demo clinician, and some reads.
// The first child goes to the demo nurse's school, so the nurse has a plan summary to see.
export async function seedFamilyApp(db: Db, rnd: Random, ref: SeededReference, opts: SeedOptions, children: SeededChild[]): Promise<void> {
  await db.updateTable('articles').set({ status: 'published', published_at: opts.now, updated_at: opts.now }).execute();
  const family = children.slice(0, 2);
  if (family.length === 0) return;
  const clinic = await db.selectFrom('users').select('id').where('username', '=', 'clinic').executeTakeFirst();
  const parent = await db.selectFrom('guardianships').select('user_id').where('child_id', '=', family[0]!.id).executeTakeFirst();
  const nurseSchool = ref.schools[1]?.id;
  if (nurseSchool) await db.updateTable('children').set({ school_id: nurseSchool }).where('id', '=', family[0]!.id).execute();

  for (const seeded of family) {
    const child = await db.selectFrom('children').select(['id', 'guardian_name', 'guardian_relation', 'guardian_phone', 'personal_best_pef', 'birth_date']).where('id', '=', seeded.id).executeTakeFirstOrThrow();
    const latest = await db.selectFrom('follow_ups').select(['id', 'date', 'created_at']).where('child_id', '=', child.id).orderBy('date', 'desc').limit(1).executeTakeFirst();
    const underFive = ageInYears(child.birth_date, opts.today) < 5;
    const device = underFive ? '经带面罩的储雾罐' : '经储雾罐';
    const controller: Medicine = underFive
      ? { role: 'controller', name: '布地奈德混悬液（雾化）', dose: '按处方每日 2 次雾化' }
      : { role: 'controller', name: '丙酸氟替卡松吸入气雾剂', dose: `每次 1 喷，每日 2 次，${device}吸入，吸后漱口` };
    const zones = Object.fromEntries(
      ZONES.map((zone) => {
        const medicines: Medicine[] =
          zone === 'green'
            ? [controller]
            : zone === 'yellow'
              ? [{ role: 'reliever', name: '硫酸沙丁胺醇吸入气雾剂', dose: `每次 2 喷，${device}吸入；4 小时后仍有症状可再用一次` }, controller]
              : [{ role: 'reliever', name: '硫酸沙丁胺醇吸入气雾剂', dose: `每 2 分钟 2 喷，${device}吸入，最多 10 喷，同时拨打 120；10 分钟后救护车仍未到，重复` }];
        // The red zone's numbers (safety rules 8.7): the standard 2 puffs every 2 minutes, up to 10, repeat after 10.
        const schedule = zone === 'red' ? { relieverSchedule: { puffs: 2, everyMinutes: 2, maxPuffs: 10, repeatAfterMinutes: 10 } } : {};
        return [zone, { signs: t('zh', `plan.default.${zone}.signs`), medicines, actions: t('zh', `plan.default.${zone}.actions`), ...schedule }];
      }),
    ) as ActionPlanContent['zones'];
    const content: ActionPlanContent = {
      zones,
      callDoctorWhen: t('zh', 'plan.default.callDoctor'),
      call120When: t('zh', 'plan.default.call120'),
      contacts: [
        { name: child.guardian_name, relation: child.guardian_relation, phone: child.guardian_phone },
        { name: '社区卫生服务中心哮喘门诊', relation: '医生', phone: '021-5888 0000' },
        { name: t('zh', 'plan.default.emergencyName'), phone: '120' },
      ],
      note: underFive ? '5 岁以下儿童暂不测峰流速，按症状判断分区。' : undefined,
    };
    const createdAt = latest ? `${latest.date}T03:00:00.000Z` : opts.now;
    await db
      .insertInto('action_plans')
      .values({
        id: rnd.uuid(),
        child_id: child.id,
        version: 1,
        personal_best_pef: underFive ? null : child.personal_best_pef,
        plan: JSON.stringify(content),
        follow_up_id: latest?.id ?? null,
        created_by: clinic?.id ?? 'seed',
        created_at: createdAt,
      })
      .execute();
    if (latest) await db.updateTable('follow_ups').set({ action_plan_given: 1, action_plan_version: 1 }).where('id', '=', latest.id).execute();
  }

  if (!parent) return;
  const articles = await db.selectFrom('articles').select(['id', 'slug']).execute();
  const bySlug = new Map(articles.map((a) => [a.slug, a.id]));
  const reads: [string, number][] = [
    ['what-is-asthma', 40],
    ['controller-and-reliever', 38],
    ['peak-flow', 30],
    ['action-plan', 30],
    ['triggers-outdoors', 12],
    ['emergency', 5],
  ];
  for (const [slug, daysAgo] of reads) {
    const articleId = bySlug.get(slug);
    if (!articleId) continue;
    const date = addDays(opts.today, -daysAgo);
    await db
      .insertInto('article_reads')
      .values({ article_id: articleId, user_id: parent.user_id, date, first_at: `${date}T02:${String(rnd.int(10, 59))}:00.000Z`, opens: rnd.int(1, 3) })
      .execute();
  }
  const sent = bySlug.get('inhaler-and-spacer');
  if (sent && clinic) {
    await db
      .insertInto('article_sends')
      .values({ id: rnd.uuid(), article_id: sent, child_id: family[0]!.id, sent_by: clinic.id, sent_at: `${addDays(opts.today, -3)}T02:30:00.000Z` })
      .execute();
  }
}
