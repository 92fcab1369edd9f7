// What the parent is told after a diary alert (server/diary/safety.ts, docs/clinical-safety.md) and
// the diary's stored answers read back (server/diary/service.ts): written for the mutants the
// alerts group's run left alive (test/MUTATION.md). The texts are written out here, not taken from
// the i18n tables the code uses, so a changed or emptied text fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterAlertText } from '../../../server/diary/safety';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent, planBody } from '../family-app/fixtures';

const URGENT = {
  en: 'Follow the red zone of the action plan now. Your community centre will see this record during opening hours. It is not watched at night or at weekends. If your child has any danger sign, call 120 now.',
  zh: '请立即按哮喘行动计划红区处理。您的社区卫生服务中心会在工作时间看到这条记录，夜间和周末无人查看。如孩子出现任何危险征象，请立即拨打120。',
};
const NURSE = {
  en: 'Your community centre will see this record during opening hours. It is not watched at night or at weekends. If your child has any danger sign, call 120 now.',
  zh: '您的社区卫生服务中心会在工作时间看到这条记录，夜间和周末无人查看。如孩子出现任何危险征象，请立即拨打120。',
};
const YELLOW_DEFAULT = {
  en: 'Give the reliever as the yellow zone of the action plan says and keep giving the controller; if your child does not get better, or soon needs the reliever again, contact the doctor.',
  zh: '请按行动计划黄区使用缓解药物，并继续使用控制药物；如没有好转，或很快又需要缓解药物，请联系医生。',
};
/** The nurse text followed by what the plan's yellow zone says (English with a space, Chinese without). */
const nurseWithPlan = (actions: string) => ({
  en: `${NURSE.en} The yellow zone of the action plan says: ${actions}`,
  zh: `${NURSE.zh}行动计划黄区写明：${actions}`,
});
const nurseWithDefault = { en: `${NURSE.en} ${YELLOW_DEFAULT.en}`, zh: `${NURSE.zh}${YELLOW_DEFAULT.zh}` };

describe('afterAlertText', () => {
  it('says nothing without an alert', () => {
    expect(afterAlertText([], null)).toBeNull();
    expect(afterAlertText([], 'use the reliever')).toBeNull();
  });

  it('an urgent alert alone: the red zone now, in both languages', () => {
    expect(afterAlertText([{ level: 'urgent' }], null)).toEqual(URGENT);
  });

  it('an urgent and a nurse alert together, in either order: the urgent text, never the yellow zone', () => {
    expect(afterAlertText([{ level: 'urgent' }, { level: 'nurse' }], 'use the reliever')).toEqual(URGENT);
    expect(afterAlertText([{ level: 'nurse' }, { level: 'urgent' }], 'use the reliever')).toEqual(URGENT);
    expect(afterAlertText([{ level: 'nurse' }, { level: 'urgent' }], null)).toEqual(URGENT);
  });

  it("a nurse alert: who sees it and when, then what the plan's yellow zone says", () => {
    expect(afterAlertText([{ level: 'nurse' }], 'use the reliever, watch')).toEqual(nurseWithPlan('use the reliever, watch'));
    expect(afterAlertText([{ level: 'nurse' }, { level: 'nurse' }], '用缓解药')).toEqual(nurseWithPlan('用缓解药'));
  });

  it("a nurse alert without the plan's yellow actions: the default yellow-zone wording", () => {
    expect(afterAlertText([{ level: 'nurse' }], null)).toEqual(nurseWithDefault);
    expect(afterAlertText([{ level: 'nurse' }], '')).toEqual(nurseWithDefault);
  });
});

describe('the diary API', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  }); // 2026-03-02, 10:00 in Shanghai
  afterAll(async () => {
    await w.close();
  });

  const quiet = { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 };
  const yellow = { ...quiet, daytimeSymptoms: 'moderate' };
  const put = async (child: string, date: string, body: unknown) => {
    const res = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/${date}`, body);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  /** A child of parent1 with the plans given (each PUT a new version; none: no plan). */
  async function child(...yellowActions: string[]): Promise<string> {
    const id = await enrol(w);
    await linkParent(w, id);
    for (const actions of yellowActions) {
      const base = planBody();
      const res = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, { ...base, zones: { ...base.zones, yellow: { ...base.zones.yellow, actions } } });
      expect(res.status, res.text).toBe(200);
    }
    return id;
  }

  it("a yellow day after a yellow day: the nurse text with the latest plan's yellow actions", async () => {
    const id = await child('先用缓解药', '用缓解药，观察');
    await put(id, '2026-03-01', yellow);
    const res = await put(id, '2026-03-02', yellow);
    expect(res.alerts).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
    expect(res.parentMessage).toEqual(nurseWithPlan('用缓解药，观察'));
  });

  it('a yellow day after a yellow day without a plan, or with a plan whose yellow zone says nothing: the default wording', async () => {
    for (const id of [await child(), await child('')]) {
      await put(id, '2026-03-01', yellow);
      const res = await put(id, '2026-03-02', yellow);
      expect(res.alerts).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
      expect(res.parentMessage).toEqual(nurseWithDefault);
    }
  });

  it('an oral steroid started on the second yellow day: urgent and nurse alerts together, and the urgent text', async () => {
    const id = await child('用缓解药，观察');
    await put(id, '2026-03-01', yellow);
    const res = await put(id, '2026-03-02', { ...yellow, ocsStarted: true });
    expect(res.alerts).toEqual([
      { kind: 'ocs_started', level: 'urgent' },
      { kind: 'yellow_zone_two_days', level: 'nurse' },
    ]);
    expect(res.parentMessage).toEqual(URGENT);
  });

  it('a day yellow by night waking or night cough alone counts as the yellow day before', async () => {
    for (const night of [{ nightWaking: true }, { nightCough: true }]) {
      const id = await child();
      expect((await put(id, '2026-03-01', { ...quiet, daytimeSymptoms: 'mild', relieverUses: 1, ...night })).zone).toBe('yellow');
      const res = await put(id, '2026-03-02', yellow);
      expect(res.alerts, JSON.stringify(night)).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
    }
  });

  it('a quiet day: no alert and no message', async () => {
    const id = await child('用缓解药，观察');
    const res = await put(id, '2026-03-02', quiet);
    expect(res.alerts).toEqual([]);
    expect(res.parentMessage).toBeNull();
  });

  it('the yes/no answers are stored as given and read back as given: true, false, or not answered', async () => {
    const id = await child();
    const answered = { symptomsOverFewMinutes: false, controllerTakenAm: true, controllerTakenPm: false, schoolAbsence: true, ocsStarted: false };
    const saved = await put(id, '2026-03-01', { ...quiet, nightWaking: true, nightCough: false, activityLimited: true, ...answered });
    expect(saved).toMatchObject({ ...answered, nightWaking: true, nightCough: false, activityLimited: true });
    const other = { symptomsOverFewMinutes: true, controllerTakenAm: false, controllerTakenPm: true, schoolAbsence: false, ocsStarted: true };
    await put(id, '2026-03-02', { ...quiet, nightCough: true, ...other });
    const list = await w.call('parent1', 'GET', `/api/v1/children/${id}/diary?from=2026-02-28&to=2026-03-02`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1 + 1);
    expect(list.body.items[0]).toMatchObject({ date: '2026-03-01', ...answered, nightWaking: true, nightCough: false, activityLimited: true });
    expect(list.body.items[1]).toMatchObject({ date: '2026-03-02', ...other, nightWaking: false, nightCough: true, activityLimited: false });
    await put(id, '2026-02-28', quiet);
    const unanswered = await w.call('parent1', 'GET', `/api/v1/children/${id}/diary?from=2026-02-28&to=2026-02-28`);
    expect(unanswered.body.items[0]).toMatchObject({ symptomsOverFewMinutes: null, controllerTakenAm: null, controllerTakenPm: null, schoolAbsence: null, ocsStarted: null });
    const stored = await w.db.selectFrom('diary_entries').select(['date', 'symptoms_over_few_minutes', 'controller_taken_am', 'ocs_started']).where('child_id', '=', id).orderBy('date').execute();
    expect(stored).toEqual([
      { date: '2026-02-28', symptoms_over_few_minutes: null, controller_taken_am: null, ocs_started: null },
      { date: '2026-03-01', symptoms_over_few_minutes: 0, controller_taken_am: 1, ocs_started: 0 },
      { date: '2026-03-02', symptoms_over_few_minutes: 1, controller_taken_am: 0, ocs_started: 1 },
    ]);
  });
});
