import { describe, expect, it } from 'vitest';
import { INDEX_LEVELS } from '../../../server/asthma-index/rules/advice';
import { DISTRICTS } from '../../../server/asthma-index/rules/districts';
import type { NotifyKind } from '../../../db/schema';
import { renderSms, renderWechat, RenderError, smsSegments, SMS_MAX_SEGMENTS, WECHAT_LAYOUT, WECHAT_LIMITS, type MessageFacts } from '../../../server/notifications/render';

const SIGN = '浦东儿童哮喘';
const KINDS: NotifyKind[] = ['index', 'diary', 'followup', 'urgent'];

function factsFor(kind: NotifyKind, lang: 'zh' | 'en', level = 5, district = DISTRICTS[0]!): MessageFacts {
  return { kind, date: '2026-03-02', district: district.name[lang], level, label: INDEX_LEVELS[level as 1].label[lang], days: 3, dueDate: '2026-03-04' };
}

describe('SMS rendering', () => {
  it('counts 70 characters (signature included) as one message, longer ones in 67-character parts', () => {
    expect(smsSegments('签名', 'a'.repeat(66))).toBe(1); // 【签名】 is 4 characters: 70 in all
    expect(smsSegments('签名', 'a'.repeat(67))).toBe(2); // 71 -> 2 parts of 67
    expect(smsSegments('签名', 'a'.repeat(130))).toBe(2); // 134 = 2 x 67
    expect(smsSegments('签名', 'a'.repeat(131))).toBe(3);
  });

  it('fits the index of every level and district in one SMS, with its template variables', () => {
    for (const district of DISTRICTS) {
      for (const level of [1, 2, 3, 4, 5]) {
        const sms = renderSms(factsFor('index', 'zh', level, district), SIGN);
        expect(sms.segments).toBe(1);
        expect(sms.params).toEqual({ district: district.name.zh, level: String(level), label: INDEX_LEVELS[level as 1].label.zh });
        expect(sms.text).toContain(`${level}级`);
        expect(sms.text).toContain('立即拨打120');
      }
    }
  });

  it('keeps every kind within the template limits and ends each with the danger signs and 120', () => {
    for (const kind of KINDS) {
      const sms = renderSms(factsFor(kind, 'zh'), SIGN);
      expect(sms.segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
      expect(sms.text.endsWith('孩子有任何危险征象，请立即拨打120。')).toBe(true);
    }
  });

  it('gives the urgent acknowledgement the safety wording, and nothing that implies someone is watching', () => {
    const sms = renderSms(factsFor('urgent', 'zh'), SIGN);
    expect(sms.text).toContain('请立即按行动计划红区处理');
    expect(sms.text).toContain('只在工作时间');
    expect(sms.text).toContain('夜间和周末无人查看');
    expect(sms.params).toEqual({});
    for (const text of [sms.text, ...KINDS.map((k) => renderSms(factsFor(k, 'zh'), SIGN).text)]) {
      expect(text).not.toMatch(/已通知|医生会|会联系|将联系|关注您|监测中/);
    }
  });

  it('refuses a variable longer than Alibaba allows rather than sending a cut message', () => {
    expect(() => renderSms({ ...factsFor('index', 'zh'), district: '区'.repeat(36) }, SIGN)).toThrow(RenderError);
  });
});

describe('WeChat rendering', () => {
  it('fills exactly the template keywords of each kind, each within its limit and without line breaks, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const kind of KINDS) {
        for (const level of [1, 2, 3, 4, 5]) {
          const msg = renderWechat(factsFor(kind, lang, level), lang);
          expect(Object.keys(msg.data)).toEqual(Object.keys(WECHAT_LAYOUT[kind]));
          for (const [key, field] of Object.entries(msg.data)) {
            expect([...field.value].length).toBeLessThanOrEqual(WECHAT_LIMITS[WECHAT_LAYOUT[kind][key]!]);
            expect(field.value).not.toMatch(/[\r\n]/);
            expect(field.value.length).toBeGreaterThan(0);
          }
          expect(msg.data.thing5!.value).toMatch(/120/);
        }
      }
    }
  });

  it('spreads the urgent safety wording over the fields: red zone now, opening hours only, nobody at night or weekends, 120', () => {
    const zh = renderWechat(factsFor('urgent', 'zh'), 'zh').data;
    expect(Object.values(zh).map((f) => f.value)).toEqual(['请立即按行动计划红区处理', '社区中心只在工作时间看记录', '2026-03-02', '夜间和周末无人查看', '有任何危险征象立即拨打120']);
    const en = renderWechat(factsFor('urgent', 'en'), 'en').data;
    expect(en.thing2!.value).toMatch(/hours/);
    expect(en.thing4!.value).toMatch(/night/);
  });

  it('refuses a field over its limit instead of cutting it', () => {
    expect(() => renderWechat({ ...factsFor('index', 'zh'), district: '很长的区名'.repeat(5) }, 'zh')).toThrow(RenderError);
  });
});
