// The typed-text rule (issue 37): what it refuses, what it keeps, and how it counts.
import { describe, expect, it } from 'vitest';
import { charLength, normaliseText, text, textProblem } from '../../server/text';

const messages = (schema: ReturnType<typeof text>, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? r.data : r.error.issues.map((i) => i.message);
};

describe('textProblem', () => {
  it('refuses C0 and C1 controls and DEL, in a line', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\t', '\n', '\r']) {
      expect(textProblem(`a${c}b`, false), JSON.stringify(c)).toBe('control');
    }
  });
  it('allows tab, newline and CR LF in multi-line text, but not a lone CR or other controls', () => {
    expect(textProblem('a\tb\nc\r\nd', true)).toBeNull();
    expect(textProblem('a\rb', true)).toBe('control');
    expect(textProblem('a\u0000b', true)).toBe('control');
  });
  it('refuses a lone surrogate of either half, and keeps a pair', () => {
    expect(textProblem('a\uD800b', false)).toBe('surrogate');
    expect(textProblem('a\uDC00b', false)).toBe('surrogate');
    expect(textProblem('\uD83D', false)).toBe('surrogate');
    expect(textProblem('😷 \uD840\uDC00', false)).toBeNull();
  });
  it('keeps every script, emoji and invisible-but-typed marks such as a zero-width joiner', () => {
    for (const s of ['张三', 'Zoë', 'محمد', 'Иван', '👨‍👩‍👧', 'ㄅㄆ', '𠀀']) expect(textProblem(s, false), s).toBeNull();
  });
});

describe('normalising and counting', () => {
  it('stores NFC, trimmed (full-width spaces too), with line ends as \\n', () => {
    expect(normaliseText('  Zoe\u0301\u3000')).toBe('Zoé');
    expect(normaliseText(' a\r\nb\rc ', true)).toBe('a\nb\nc');
  });
  it('counts characters, not UTF-16 units or bytes', () => {
    expect(charLength('😷😷')).toBe(2);
    expect('😷😷'.length).toBe(4);
    expect(charLength('张三')).toBe(2);
  });
});

describe('text()', () => {
  const name = text({ max: 5 });
  const note = text({ max: 8, required: false, multiline: true });
  it('refuses NUL, bell and a lone surrogate with their own messages', () => {
    expect(messages(name, '\u0000')).toEqual(['v.textControl']);
    expect(messages(name, 'a\u0007')).toEqual(['v.textControl']);
    expect(messages(name, 'a\uD800')).toEqual(['v.textSurrogate']);
  });
  it('refuses a name that is blank once trimmed, and allows an empty note', () => {
    expect(messages(name, ' \u3000 ')).toEqual(['v.required']);
    expect(messages(note, '   ')).toBe('');
  });
  it('limits by characters after trimming: five emoji fit in five, six do not', () => {
    expect(messages(name, ' 😷😷😷😷😷 ')).toBe('😷😷😷😷😷');
    expect(messages(name, '😷😷😷😷😷😷')).toEqual(['v.tooLong']);
  });
  it('returns the stored form', () => {
    expect(messages(name, ' Zoe\u0301 ')).toBe('Zoé');
    expect(messages(note, 'a\r\n\tb')).toBe('a\n\tb');
  });
});
