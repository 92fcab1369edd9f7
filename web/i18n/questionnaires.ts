import { defineMessages } from './define';

// Each item's topic and answer anchors in our own words: the validated questionnaires' wording is
// licensed, so the clinician asks from the paper form and records the score the answer carries here.
// Keys: q.<instrument>.<item>.topic and q.<instrument>.<item>.<score>.
const DAYS_ZH = { 5: '完全没有', 4: '1–3 天', 3: '4–10 天', 2: '11–18 天', 1: '19–24 天', 0: '每天' };
const DAYS_EN = { 5: 'Not at all', 4: '1–3 days', 3: '4–10 days', 2: '11–18 days', 1: '19–24 days', 0: 'Every day' };
const OFTEN_ZH = { 20: '完全没有', 15: '1–2 次', 10: '每周约 1 次', 5: '每周 2–3 次', 0: '每周 4 次或更多' };
const OFTEN_EN = { 20: 'Not at all', 15: 'Once or twice', 10: 'About once a week', 5: '2–3 times a week', 0: '4 or more times a week' };

function item(instrument: string, n: number, topic: string, options: Record<number, string>): Record<string, string> {
  const out: Record<string, string> = { [`q.${instrument}.${n}.topic`]: topic };
  for (const [score, label] of Object.entries(options)) out[`q.${instrument}.${n}.${score}`] = label;
  return out;
}

const zh = {
  'q.caption': '按纸质问卷逐题询问，选择对应的回答；每项后的数字是该回答的分值。',
  'q.childPart': '儿童作答（第 1–4 题）',
  'q.caregiverPart': '家长作答（第 5–7 题，过去 4 周）',
  'q.caregiverAll': '家长作答',
  'q.total': '总分',
  'q.totalPending': '总分：已答 {answered}/{items} 题',
  'q.totalDone': '总分：{score}（{band}）',
};

const itemsZh: Record<string, string> = {
  ...item('C-ACT', 1, '孩子觉得今天的哮喘怎么样', { 3: '很好', 2: '好', 1: '不好', 0: '很不好' }),
  ...item('C-ACT', 2, '跑步、运动或玩耍时，哮喘带来多大影响', { 3: '没有影响', 2: '有一点影响', 1: '影响较大', 0: '影响很大，不能做想做的事' }),
  ...item('C-ACT', 3, '孩子是否因为哮喘咳嗽', { 3: '从不', 2: '有时', 1: '大多数时候', 0: '总是' }),
  ...item('C-ACT', 4, '孩子夜里是否因为哮喘醒来', { 3: '从不', 2: '有时', 1: '大多数时候', 0: '总是' }),
  ...item('C-ACT', 5, '白天有哮喘症状的天数', DAYS_ZH),
  ...item('C-ACT', 6, '白天因哮喘出现喘息的天数', DAYS_ZH),
  ...item('C-ACT', 7, '夜里因哮喘醒来的天数', DAYS_ZH),
  ...item('ACT', 1, '过去 4 周，哮喘影响上学、工作或家务的时间', { 1: '总是', 2: '大多数时候', 3: '有时', 4: '很少', 5: '从不' }),
  ...item('ACT', 2, '过去 4 周，气短的次数', { 1: '每天多于 1 次', 2: '每天 1 次', 3: '每周 3–6 次', 4: '每周 1–2 次', 5: '完全没有' }),
  ...item('ACT', 3, '过去 4 周，因哮喘症状夜里或清晨醒来', { 1: '每周 4 晚或更多', 2: '每周 2–3 晚', 3: '每周 1 次', 4: '1–2 次', 5: '没有' }),
  ...item('ACT', 4, '过去 4 周，使用缓解药物的次数', { 1: '每天 3 次或更多', 2: '每天 1–2 次', 3: '每周 2–3 次', 4: '每周 1 次或更少', 5: '没有' }),
  ...item('ACT', 5, '自评过去 4 周的哮喘控制', { 1: '完全没有控制', 2: '控制很差', 3: '有所控制', 4: '控制良好', 5: '完全控制' }),
  ...item('TRACK', 1, '过去 4 周，出现呼吸问题（喘息、咳嗽、气短）的频率', OFTEN_ZH),
  ...item('TRACK', 2, '过去 4 周，因呼吸问题夜里醒来的频率', OFTEN_ZH),
  ...item('TRACK', 3, '过去 4 周，呼吸问题影响玩耍、入园或日常活动的程度', { 20: '完全没有', 15: '轻微', 10: '中等', 5: '较多', 0: '非常严重' }),
  ...item('TRACK', 4, '过去 3 个月，使用缓解药物的频率', OFTEN_ZH),
  ...item('TRACK', 5, '过去 12 个月，口服激素疗程的次数', { 20: '没有', 15: '1 次', 10: '2 次', 5: '3 次', 0: '4 次或更多' }),
};

const en: { [K in keyof typeof zh]: string } = {
  'q.caption': 'Ask each question from the paper form and choose the answer given; the number after each answer is its score.',
  'q.childPart': 'Answered by the child (items 1–4)',
  'q.caregiverPart': 'Answered by the caregiver (items 5–7, last 4 weeks)',
  'q.caregiverAll': 'Answered by the caregiver',
  'q.total': 'Total',
  'q.totalPending': 'Total: {answered} of {items} items answered',
  'q.totalDone': 'Total: {score} ({band})',
};

const itemsEn: Record<string, string> = {
  ...item('C-ACT', 1, 'How the child feels their asthma is today', { 3: 'Very good', 2: 'Good', 1: 'Bad', 0: 'Very bad' }),
  ...item('C-ACT', 2, 'How much asthma gets in the way when running, exercising or playing', { 3: 'Not at all', 2: 'A little', 1: 'Quite a lot', 0: "A lot: can't do what they want" }),
  ...item('C-ACT', 3, 'Whether the child coughs because of asthma', { 3: 'Never', 2: 'Sometimes', 1: 'Most of the time', 0: 'All of the time' }),
  ...item('C-ACT', 4, 'Whether the child wakes at night because of asthma', { 3: 'Never', 2: 'Sometimes', 1: 'Most of the time', 0: 'All of the time' }),
  ...item('C-ACT', 5, 'Days with daytime asthma symptoms', DAYS_EN),
  ...item('C-ACT', 6, 'Days with daytime wheezing because of asthma', DAYS_EN),
  ...item('C-ACT', 7, 'Days the child woke at night because of asthma', DAYS_EN),
  ...item('ACT', 1, 'Last 4 weeks: how often asthma kept them from getting things done at school, work or home', { 1: 'All of the time', 2: 'Most of the time', 3: 'Some of the time', 4: 'A little of the time', 5: 'None of the time' }),
  ...item('ACT', 2, 'Last 4 weeks: how often they were short of breath', { 1: 'More than once a day', 2: 'Once a day', 3: '3–6 times a week', 4: 'Once or twice a week', 5: 'Not at all' }),
  ...item('ACT', 3, 'Last 4 weeks: woken at night or early by asthma symptoms', { 1: '4 or more nights a week', 2: '2–3 nights a week', 3: 'Once a week', 4: 'Once or twice', 5: 'Not at all' }),
  ...item('ACT', 4, 'Last 4 weeks: how often they used their reliever', { 1: '3 or more times a day', 2: '1–2 times a day', 3: '2–3 times a week', 4: 'Once a week or less', 5: 'Not at all' }),
  ...item('ACT', 5, 'Their own rating of asthma control over the last 4 weeks', { 1: 'Not controlled at all', 2: 'Poorly controlled', 3: 'Somewhat controlled', 4: 'Well controlled', 5: 'Completely controlled' }),
  ...item('TRACK', 1, 'Last 4 weeks: how often breathing problems (wheeze, cough, shortness of breath)', OFTEN_EN),
  ...item('TRACK', 2, 'Last 4 weeks: how often woken at night by breathing problems', OFTEN_EN),
  ...item('TRACK', 3, 'Last 4 weeks: how much breathing problems got in the way of play, nursery or daily activities', { 20: 'Not at all', 15: 'Slightly', 10: 'Moderately', 5: 'Quite a lot', 0: 'Extremely' }),
  ...item('TRACK', 4, 'Last 3 months: how often the reliever was used', OFTEN_EN),
  ...item('TRACK', 5, 'Last 12 months: courses of oral steroids', { 20: 'None', 15: 'Once', 10: 'Twice', 5: '3 times', 0: '4 or more times' }),
};

export const questionnaires = defineMessages(zh, en);

/** Item wording, kept out of MessageKey (its keys are built) but merged into the same catalogue. */
export const questionnaireItems = { zh: itemsZh, en: itemsEn };
