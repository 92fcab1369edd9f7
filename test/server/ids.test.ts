import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { hashSecret, newTimeOrderedId } from '../../server/ids';

describe('newTimeOrderedId', () => {
  it("is a version 7 UUID that the API's id checks accept, carrying its milliseconds", () => {
    const ms = Date.UTC(2026, 10, 27, 9, 30, 0, 123);
    const id = newTimeOrderedId(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts as text in the order of its milliseconds, and differs within one millisecond', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = [0, 1, 2, 999, 1000, 86_400_000, 5 * 365 * 86_400_000].map((d) => newTimeOrderedId(start + d));
    expect([...ids].reverse().sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(start)));
    expect(same.size).toBe(1000);
  });
});

describe('newTimeOrderedId random part', () => {
  it('does not repeat across refills of its random pool, and keeps version and variant bits', () => {
    const ms = Date.UTC(2026, 10, 27);
    // 4,000 bytes of pool serve 400 ids: 2,000 ids cross five refills.
    const ids = Array.from({ length: 2000 }, () => newTimeOrderedId(ms));
    expect(new Set(ids.map((id) => id.slice(14))).size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Every hex digit of the random tail occurs: the pool is filled, not left zeroed.
    expect(new Set(ids.flatMap((id) => [...id.slice(24)])).size).toBe(16);
  });
});

describe('hashSecret', () => {
  it('is the hex SHA-256 of the secret, as stored for existing tokens and sessions', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const secret = 'bench-token-清单-🙂';
    expect(hashSecret(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
  });
});
