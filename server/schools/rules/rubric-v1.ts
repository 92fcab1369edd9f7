// The school first-aid rubric as data, so the programme can publish a v2 without touching the scorer.
export type ItemId = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'B1' | 'B2' | 'B3' | 'C1' | 'C2' | 'C3' | 'D1' | 'D2' | 'D3' | 'D4' | 'E1' | 'E2' | 'E3' | 'F1' | 'F2' | 'F3';
export type Grade = 'A' | 'B' | 'C' | 'D';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Owner = 'nurse' | 'principal' | 'cdc';
export type CapId = 'noKit' | 'noUsableMdi' | 'noTrainedStaff' | 'kitWithoutInDateMdi' | 'mdiBelow20Puffs' | 'kitWithoutSpacers' | 'lockedKit' | 'onlyOneTrained' | 'registerNotUpdated' | 'noProcedure';
export type TriggerId =
  | 'noKit'
  | 'fewerKits'
  | 'noUsableMdi'
  | 'kitWithoutMdi'
  | 'mdiExpired'
  | 'mdiExpiringSoon'
  | 'lowPuffs'
  | 'kitWithoutSpacers'
  | 'kitWithOneSpacer'
  | 'documentsMissing'
  | 'lockedKit'
  | 'locationUnknown'
  | 'storage'
  | 'noTrainedStaff'
  | 'trainStaff'
  | 'onlyOneTrained'
  | 'fewerTrained'
  | 'noHealthStaff'
  | 'briefing'
  | 'registerNotUpdated'
  | 'plansMissing'
  | 'consentsMissing'
  | 'registerNotReachable'
  | 'noProcedure'
  | 'postersMissing'
  | 'noDrill'
  | 'monthlyChecksMissing'
  | 'usesNotRecorded'
  | 'parentsNotTold';

export interface Text {
  zh: string;
  en: string;
}

export interface RubricItem {
  id: ItemId;
  weight: number;
  label: Text;
}

export interface BandThreshold {
  band: Grade;
  /** Lowest score (rounded to one decimal) in this band. */
  min: number;
  label: Text;
}

export interface CapRule {
  id: CapId;
  grade: Grade;
  label: Text;
}

export interface ActionTemplate {
  id: TriggerId;
  item: ItemId;
  priority: Priority;
  /** Due this many days after the assessment, or after the MDI's expiry when `from` is 'expiry'. */
  days: number;
  from?: 'expiry';
  owner: Owner;
  /** May hold {kitsRequired}, {trainedRequired}, {batch}, {kit}. */
  text: Text;
}

export interface Rubric {
  version: string;
  items: RubricItem[];
  bands: BandThreshold[];
  caps: CapRule[];
  actions: ActionTemplate[];
  reassess: Record<Grade, { days: number } | { months: number }>;
}

export const rubricV1: Rubric = {
  version: 'v1',
  items: [
    { id: 'A1', weight: 6, label: { zh: '现场急救包数量', en: 'Kits on site' } },
    { id: 'A2', weight: 6, label: { zh: '每个急救包配有沙丁胺醇气雾剂', en: 'Every kit has an MDI' } },
    { id: 'A3', weight: 6, label: { zh: '气雾剂在有效期内', en: 'MDIs in date' } },
    { id: 'A4', weight: 3, label: { zh: '剩余剂量充足（≥40 揿）', en: 'Doses remaining (>= 40 puffs)' } },
    { id: 'A5', weight: 4, label: { zh: '每包至少 2 个储雾罐', en: 'At least 2 spacers per kit' } },
    { id: 'A6', weight: 5, label: { zh: '随包文件齐全', en: 'Documents in the kit' } },
    { id: 'B1', weight: 4, label: { zh: '未上锁，在校时间可及', en: 'Unlocked, reachable in school hours' } },
    { id: 'B2', weight: 3, label: { zh: '教职工知道急救包位置', en: 'Staff know the location' } },
    { id: 'B3', weight: 3, label: { zh: '30 °C 以下避光存放', en: 'Stored below 30 °C, out of the sun' } },
    { id: 'C1', weight: 12, label: { zh: '经培训并考核合格的人员', en: 'Trained staff (valid training and competency pass)' } },
    { id: 'C2', weight: 3, label: { zh: '配备卫生专业人员或保健教师', en: 'Health professional or health teacher in post' } },
    { id: 'C3', weight: 5, label: { zh: '12 个月内全员培训', en: 'All-staff briefing in 12 months' } },
    { id: 'D1', weight: 6, label: { zh: '本学期已更新哮喘学生名册', en: 'Asthma register updated this term' } },
    { id: 'D2', weight: 6, label: { zh: '哮喘行动计划存档', en: 'Action plans on file' } },
    { id: 'D3', weight: 5, label: { zh: '家长知情同意', en: 'Parental consent' } },
    { id: 'D4', weight: 3, label: { zh: '急救包处可查阅名册', en: 'Register reachable at the kit' } },
    { id: 'E1', weight: 4, label: { zh: '书面急救流程（含拨打 120 标准）', en: 'Written emergency procedure (with 120 criteria)' } },
    { id: 'E2', weight: 3, label: { zh: '每个急救包处张贴流程图', en: 'Poster at every kit' } },
    { id: 'E3', weight: 3, label: { zh: '365 天内开展演练', en: 'Drill within 365 days' } },
    { id: 'F1', weight: 4, label: { zh: '近 3 个月每月检查急救包', en: 'Monthly kit checks, last 3 months' } },
    { id: 'F2', weight: 3, label: { zh: '每次使用均完整记录', en: 'Record of every use complete' } },
    { id: 'F3', weight: 3, label: { zh: '每次使用后告知家长', en: 'Parent told after every use' } },
  ],
  bands: [
    { band: 'A', min: 90, label: { zh: '优秀', en: 'Excellent' } },
    { band: 'B', min: 75, label: { zh: '达标', en: 'Meets standard' } },
    { band: 'C', min: 60, label: { zh: '基本达标', en: 'Basically meets' } },
    { band: 'D', min: 0, label: { zh: '不达标', en: 'Below standard' } },
  ],
  caps: [
    { id: 'noKit', grade: 'D', label: { zh: '无急救包', en: 'No kit' } },
    { id: 'noUsableMdi', grade: 'D', label: { zh: '全校无可用的有效期内气雾剂', en: 'No usable in-date MDI on site' } },
    { id: 'noTrainedStaff', grade: 'D', label: { zh: '无有效培训合格人员', en: 'No validly trained staff' } },
    { id: 'kitWithoutInDateMdi', grade: 'C', label: { zh: '有急救包无有效期内气雾剂', en: 'A kit without an in-date MDI' } },
    { id: 'mdiBelow20Puffs', grade: 'C', label: { zh: '有效期内气雾剂剩余不足 20 揿', en: 'An in-date MDI with fewer than 20 puffs' } },
    { id: 'kitWithoutSpacers', grade: 'C', label: { zh: '有急救包无储雾罐', en: 'A kit with no spacers' } },
    { id: 'lockedKit', grade: 'C', label: { zh: '有急救包上锁', en: 'A locked kit' } },
    { id: 'onlyOneTrained', grade: 'C', label: { zh: '仅 1 名有效培训合格人员', en: 'Only one validly trained person' } },
    { id: 'registerNotUpdated', grade: 'C', label: { zh: '本学期未更新名册', en: 'Register not updated this term' } },
    { id: 'noProcedure', grade: 'C', label: { zh: '无书面急救流程', en: 'No written procedure' } },
  ],
  actions: [
    { id: 'noKit', item: 'A1', priority: 'P1', days: 3, owner: 'cdc', text: { zh: '3 天内配发急救包（至少 {kitsRequired} 个）', en: 'Deliver kits within 3 days (at least {kitsRequired})' } },
    { id: 'fewerKits', item: 'A1', priority: 'P2', days: 14, owner: 'cdc', text: { zh: '补足急救包至 {kitsRequired} 个', en: 'Bring the number of kits up to {kitsRequired}' } },
    { id: 'noUsableMdi', item: 'A3', priority: 'P1', days: 3, owner: 'nurse', text: { zh: '紧急补充有效期内沙丁胺醇气雾剂，每包至少 1 支', en: 'Urgently stock every kit with an in-date salbutamol MDI' } },
    { id: 'kitWithoutMdi', item: 'A2', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '为缺少气雾剂的急救包补充气雾剂', en: 'Put an in-date MDI in every kit that has none' } },
    { id: 'mdiExpired', item: 'A3', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '更换过期气雾剂', en: 'Replace expired MDIs' } },
    { id: 'mdiExpiringSoon', item: 'A3', priority: 'P2', days: -7, from: 'expiry', owner: 'nurse', text: { zh: '为{kit}的气雾剂（批号 {batch}）订购替换', en: 'Order a replacement for the MDI in {kit} (batch {batch})' } },
    { id: 'lowPuffs', item: 'A4', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '更换剩余不足 40 揿的气雾剂', en: 'Replace MDIs with fewer than 40 puffs left' } },
    { id: 'kitWithoutSpacers', item: 'A5', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '为无储雾罐的急救包补充至 2 个', en: 'Stock kits that have no spacer with 2' } },
    { id: 'kitWithOneSpacer', item: 'A5', priority: 'P3', days: 14, owner: 'nurse', text: { zh: '每个急救包储雾罐补足至 2 个', en: 'Bring every kit up to 2 spacers' } },
    { id: 'documentsMissing', item: 'A6', priority: 'P3', days: 14, owner: 'nurse', text: { zh: '补齐急救包内文件', en: 'Complete the documents in every kit' } },
    { id: 'lockedKit', item: 'B1', priority: 'P2', days: 2, owner: 'nurse', text: { zh: '取消上锁，确保在校时间随时可取', en: 'Unlock the kit so it can be reached in school hours' } },
    { id: 'locationUnknown', item: 'B2', priority: 'P3', days: 14, owner: 'nurse', text: { zh: '告知全体教职工急救包位置', en: 'Tell all staff where the kits are' } },
    { id: 'storage', item: 'B3', priority: 'P3', days: 7, owner: 'nurse', text: { zh: '将急救包移至 30 °C 以下避光处', en: 'Move kits below 30 °C and out of the sun' } },
    { id: 'noTrainedStaff', item: 'C1', priority: 'P1', days: 7, owner: 'principal', text: { zh: '指定 2 名负责人员并进行临时培训', en: 'Designate 2 staff and give them an interim briefing' } },
    { id: 'trainStaff', item: 'C1', priority: 'P2', days: 30, owner: 'cdc', text: { zh: '培训并考核 {trainedRequired} 名人员', en: 'Train and assess {trainedRequired} staff' } },
    { id: 'onlyOneTrained', item: 'C1', priority: 'P2', days: 30, owner: 'cdc', text: { zh: '培训合格人员补足至 {trainedRequired} 名', en: 'Bring trained staff up to {trainedRequired}' } },
    { id: 'fewerTrained', item: 'C1', priority: 'P3', days: 30, owner: 'cdc', text: { zh: '培训合格人员补足至 {trainedRequired} 名', en: 'Bring trained staff up to {trainedRequired}' } },
    { id: 'noHealthStaff', item: 'C2', priority: 'P4', days: 90, owner: 'principal', text: { zh: '配备卫生专业人员或保健教师', en: 'Appoint a health professional or health teacher' } },
    { id: 'briefing', item: 'C3', priority: 'P3', days: 30, owner: 'nurse', text: { zh: '全员培训覆盖至少 80% 教职工', en: 'Brief at least 80 % of staff' } },
    { id: 'registerNotUpdated', item: 'D1', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '更新本学期哮喘学生名册', en: 'Update the asthma register for this term' } },
    { id: 'plansMissing', item: 'D2', priority: 'P3', days: 30, owner: 'nurse', text: { zh: '收齐哮喘学生的行动计划', en: 'Collect an action plan for every registered pupil' } },
    { id: 'consentsMissing', item: 'D3', priority: 'P3', days: 30, owner: 'nurse', text: { zh: '收齐家长知情同意书', en: 'Collect parental consent for every registered pupil' } },
    { id: 'registerNotReachable', item: 'D4', priority: 'P3', days: 14, owner: 'nurse', text: { zh: '在急救包处放置名册或查阅方式', en: 'Make the register reachable at every kit' } },
    { id: 'noProcedure', item: 'E1', priority: 'P2', days: 14, owner: 'principal', text: { zh: '制定书面急救流程（含拨打 120 标准）', en: 'Write the emergency procedure, with when to call 120' } },
    { id: 'postersMissing', item: 'E2', priority: 'P3', days: 14, owner: 'nurse', text: { zh: '在每个急救包处张贴流程图', en: 'Put a poster at every kit' } },
    { id: 'noDrill', item: 'E3', priority: 'P3', days: 60, owner: 'principal', text: { zh: '组织一次哮喘急救演练', en: 'Hold an asthma first-aid drill' } },
    { id: 'monthlyChecksMissing', item: 'F1', priority: 'P3', days: 30, owner: 'nurse', text: { zh: '每月检查急救包并记录', en: 'Check every kit monthly and record it' } },
    { id: 'usesNotRecorded', item: 'F2', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '补全每次使用记录', en: 'Complete the record of every use' } },
    { id: 'parentsNotTold', item: 'F3', priority: 'P2', days: 7, owner: 'nurse', text: { zh: '告知每次使用涉及学生的家长', en: 'Tell the parent after every use' } },
  ],
  reassess: { A: { months: 6 }, B: { months: 6 }, C: { days: 60 }, D: { days: 30 } },
};
