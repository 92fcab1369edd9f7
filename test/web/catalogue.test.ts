import { describe, expect, it } from 'vitest';
import { allKeys, t } from '../../web/i18n';

// The catalogue's two languages: the same keys, no Chinese left in English text (except the two
// places that name the other language on purpose), and full-width punctuation beside Chinese.
const CJK = /[\u3400-\u9fff]/;
const HALF_WIDTH_BESIDE_CHINESE = /[\u3400-\u9fff][,;:?!()]|[,;:?!()][\u3400-\u9fff]/;
const NAMES_OTHER_LANGUAGE = new Set(['lang.switch', 'article.showOther']);
const SHOWS_MARKDOWN_SYNTAX = new Set(['editor.markdownHelp']);

describe('message catalogue', () => {
  it('has the same keys in Chinese and English, questionnaire items included', () => {
    const zh = allKeys('zh').sort();
    expect(allKeys('en').sort()).toEqual(zh);
    expect(zh).toContain('q.C-ACT.7.0');
    expect(zh.length).toBeGreaterThan(500);
  });

  it('leaves no Chinese in English text', () => {
    const leaks = allKeys('en').filter((k) => !NAMES_OTHER_LANGUAGE.has(k) && CJK.test(t('en', k)));
    expect(leaks).toEqual([]);
    expect(CJK.test(t('en', 'lang.switch'))).toBe(true); // the pattern itself finds Chinese
  });

  it('uses full-width punctuation beside Chinese', () => {
    const halfWidth = allKeys('zh').filter((k) => !SHOWS_MARKDOWN_SYNTAX.has(k) && HALF_WIDTH_BESIDE_CHINESE.test(t('zh', k)));
    expect(halfWidth).toEqual([]);
    expect(HALF_WIDTH_BESIDE_CHINESE.test('请填写,谢谢')).toBe(true);
  });
});
