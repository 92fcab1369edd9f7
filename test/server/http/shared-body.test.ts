import { describe, expect, it } from 'vitest';
import { sharedBody } from '../../../server/http/shared-body';

describe('sharedBody', () => {
  it('builds once per head for a shared part, and again when the head differs', () => {
    const items = Object.freeze([{ label: '哮喘控制率' }]);
    let builds = 0;
    const body = (head: string) =>
      sharedBody(items, head, () => {
        builds += 1;
        return `{${head},"items":${JSON.stringify(items)}}`;
      });
    const first = body('"asOf":"a"');
    expect(body('"asOf":"a"')).toBe(first);
    expect(builds).toBe(1);
    expect(JSON.parse(Buffer.from(first).toString('utf8'))).toEqual({ asOf: 'a', items: [{ label: '哮喘控制率' }] });
    const second = body('"asOf":"b"');
    expect(builds).toBe(2);
    expect(JSON.parse(Buffer.from(second).toString('utf8')).asOf).toBe('b');
    // Another shared part never sees this one's bytes.
    expect(Buffer.from(sharedBody([], '"asOf":"b"', () => '{"items":[]}')).toString()).toBe('{"items":[]}');
  });
});
