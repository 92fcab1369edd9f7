// Typed text (issue 37): every string a write endpoint takes refuses what no person types (NUL,
// bell, a lone surrogate) with a 400 naming the field and nothing stored; every name refuses
// whitespace alone; and what is accepted is stored as its NFC, trimmed form.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../helpers/world';
import { fingerprint } from './db-state';
import type { Objects } from './fixtures';
import { targetsWorld, writeTargets } from './targets';

let w: World;
let o: Objects;
beforeAll(async () => {
  ({ w, o } = await targetsWorld());
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const TARGETS = writeTargets(() => w);
/** Credentials are checked, not stored as text: a login answers 401, whatever the characters. */
const NOT_TEXT = new Set(['POST /auth/login']);
const isSecret = (path: string[]) => /password|secret/i.test(path.at(-1) ?? '');
/** Fields a person names something with: blank once trimmed is refused. */
const NAME_LIKE = /^(name|nameEn|label|title|relation|givenBy|noticeVersion|batch|displayName|summary|controller|dose|trainer|place|location|organisation)$/;

/** Name-like fields that are optional by design: blank is stored as no value. */
const OPTIONAL_NAMES = new Set(['PUT /children/:id/action-plan contacts.0.relation']);

type Json = Record<string, unknown>;
function stringLeaves(v: unknown, prefix: string[] = []): string[][] {
  if (typeof v === 'string') return [prefix];
  if (v === null || typeof v !== 'object') return [];
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Json);
  return entries.flatMap(([k, x]) => stringLeaves(x, [...prefix, k]));
}
function setAt(obj: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(obj) ? [...obj] : { ...(obj as Json) };
  const [head, ...rest] = path as [string, ...string[]];
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}
const fill = (path: string, p: Record<string, string>) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(p[k] ?? 'missing'));

async function send(key: string, body: unknown) {
  const [method, path] = key.split(' ') as [string, string];
  const target = TARGETS[key]!;
  const headers = { 'content-type': 'application/json', accept: 'application/json', origin: 'http://localhost', 'accept-language': 'en', cookie: (await w.cookieFor(target.as))! };
  const res = await w.app.request(`/api/v1${fill(path, target.params?.(o) ?? {})}`, { method, headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text || 'null') as any };
}

/** Every string leaf of every text-taking endpoint, with the label it is reported under. */
function fieldsOf(key: string) {
  if (NOT_TEXT.has(key) || key === 'POST /auth/logout') return [];
  return stringLeaves(TARGETS[key]!.valid(o)).filter((p) => !isSecret(p));
}

async function tablesContaining(value: string): Promise<string[]> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(w.db);
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(w.db);
    for (const c of cols.rows) {
      const hit = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)} where instr(cast(${sql.ref(c.name)} as text), ${value}) > 0`.execute(w.db);
      if (Number(hit.rows[0]!.n) > 0) found.push(`${name}.${c.name}`);
    }
  }
  return found;
}

describe('a refused character is refused in every text field, naming the field', () => {
  const checked: string[] = [];
  afterAll(() => {
    process.stdout.write(`typed text: ${checked.length} string fields refused NUL, bell and a lone surrogate\n`);
  });

  it('covers the text fields of the write endpoints (the list below is not empty)', () => {
    const fields = Object.keys(TARGETS).flatMap((k) => fieldsOf(k));
    expect(fields.length).toBeGreaterThan(40);
  });

  for (const key of Object.keys(TARGETS)) {
    it(key, async () => {
      for (const field of fieldsOf(key)) {
        for (const bad of ['a\u0000b', 'a\u0007b', 'a\uD800b']) {
          const before = await fingerprint(w);
          const res = await send(key, setAt(TARGETS[key]!.valid(o), field, bad));
          const where = `${key} ${field.join('.')} = ${JSON.stringify(bad)}`;
          expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBe(400);
          expect(res.json.error.code, where).toBe('validation_failed');
          expect(
            res.json.error.details.map((d: any) => d.path),
            where,
          ).toContain(field.join('.'));
          expect(await fingerprint(w), `${where} changed a table`).toEqual(before);
        }
        checked.push(`${key} ${field.join('.')}`);
      }
    }, 60_000);
  }
});

describe('names blank once trimmed are refused', () => {
  it('every name-like field of every endpoint answers 400 naming it for whitespace alone', async () => {
    let names = 0;
    for (const key of Object.keys(TARGETS)) {
      const named = fieldsOf(key).filter((p) => NAME_LIKE.test(p.at(-1)!) || (p.length > 1 && NAME_LIKE.test(p.at(-2)!)));
      for (const field of named.filter((p) => !OPTIONAL_NAMES.has(`${key} ${p.join('.')}`))) {
        const res = await send(key, setAt(TARGETS[key]!.valid(o), field, ' \u3000\t '));
        const where = `${key} ${field.join('.')}`;
        expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBe(400);
        expect(
          res.json.error.details.map((d: any) => d.path),
          where,
        ).toContain(field.join('.'));
        names++;
      }
    }
    expect(names).toBeGreaterThan(15);
  }, 120_000);
});

describe('accepted text is stored as typed, normalised', () => {
  it('a decomposed accent and an emoji, padded with spaces, are stored NFC and trimmed', async () => {
    let verified = 0;
    const unverified: string[] = [];
    let n = 0;
    for (const key of Object.keys(TARGETS)) {
      for (const field of fieldsOf(key)) {
        // Only fields that took the text rule (their NUL answer was the text message) are free text.
        const probe = await send(key, setAt(TARGETS[key]!.valid(o), field, 'a\u0000b'));
        if (!probe.json?.error?.details?.some((d: any) => d.path === field.join('.') && /control characters/.test(d.message))) continue;
        const tag = `Zoe\u0301${(n++).toString(36)}😷`; // 'Zoé' decomposed, a counter, an emoji
        const res = await send(key, setAt(TARGETS[key]!.valid(o), field, `  ${tag}  `));
        if (res.status >= 300) {
          unverified.push(`${key} ${field.join('.')} (${res.status})`);
          continue;
        }
        const stored = tag.normalize('NFC');
        expect(await tablesContaining(stored), `${key} ${field.join('.')}: stored NFC`).not.toEqual([]);
        expect(await tablesContaining(tag), `${key} ${field.join('.')}: decomposed form stored`).toEqual([]);
        expect(await tablesContaining(` ${stored}`), `${key} ${field.join('.')}: leading space kept`).toEqual([]);
        verified++;
      }
    }
    expect(verified).toBeGreaterThan(25);
    // Only a move the referral's state no longer allows, or a sync already taken, may refuse a
    // second use of a valid body (their text fields share the rule of the ones verified); an
    // unsubscribe stores nothing, so an endpoint it does not know is simply not found.
    const expected = (u: string) => u.endsWith('(409)') || u === 'POST /push/unsubscribe endpoint (404)';
    expect(unverified.every(expected), unverified.join(', ')).toBe(true);
    expect(unverified.length).toBeLessThan(5);
  }, 300_000);
});
