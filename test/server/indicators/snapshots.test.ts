import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childRow } from '../../helpers/child-row';
import { createWorld, type World } from '../../helpers/world';
import { UNTIL_HANG } from '../../helpers/poll';
import { LARGE_SCOPE_CHILDREN, MAX_STALE_MS } from '../../../server/indicators/snapshots';
import { refreshProgrammeIndicators } from '../../../server/indicators/service';

// Dashboard figures are kept as snapshots while the data they come from is unchanged (the
// indicator data version), so a manager's page does not recompute minutes of SQL at city scale.
let w: World;
let seq = 0;

async function children(centerId: string, count: number, world: World = w) {
  for (let start = 0; start < count; start += 400) {
    await world.db
      .insertInto('children')
      .values(
        Array.from({ length: Math.min(400, count - start) }, () => {
          const id = `00000000-0000-4000-c000-${String(++seq).padStart(12, '0')}`;
          return childRow({ id, name: `c${seq}`, sex: 'F', center_id: centerId, enrolled_on: '2026-01-15' });
        }),
      )
      .execute();
  }
}

const PERIOD = 'from=2025-03-01&to=2026-02-28';
const enrolledIn = (body: { items: { id: string; numerator: number }[] }) => body.items.find((i) => i.id === 'children_under_management')!.numerator;
const january = (body: { series: { enrolments: { value: number | null }[] } }) => body.series.enrolments.at(-2)!.value;
const centreRowOf = (body: { rows: { centerId: string; values: { id: string; numerator: number }[] }[] }, centerId: string) => body.rows.find((r) => r.centerId === centerId)!.values.find((v) => v.id === 'active_at_end')!.numerator;

beforeAll(async () => {
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
  // Six: a centre's figures about fewer than 5 children are withheld.
  await children(w.ids.centreA, 6);
});
afterAll(async () => {
  await w.close();
});

describe('indicator snapshots, small scope (recomputed at once)', () => {
  it('serves figures, trends, index validation and the centre comparison from the stored computation until the data changes', async () => {
    const urls = [`/api/v1/indicators?${PERIOD}`, `/api/v1/indicators/trends?${PERIOD}`, `/api/v1/indicators/index-validation?${PERIOD}`, `/api/v1/indicators/centres?${PERIOD}`];
    const first = await Promise.all(urls.map((u) => w.call('manager', 'GET', u)));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    w.clock.advance(60_000);
    const again = await Promise.all(urls.map((u) => w.call('manager', 'GET', u)));
    // Same computation: the same instant in asOf, a minute later.
    expect(again.map((r) => r.body.asOf)).toEqual(first.map((r) => r.body.asOf));
    expect(again.map((r) => r.text)).toEqual(first.map((r) => r.text));

    await children(w.ids.centreA, 2);
    const after = await Promise.all(urls.map((u) => w.call('manager', 'GET', u)));
    expect(after.every((r, i) => r.body.asOf > first[i]!.body.asOf)).toBe(true);
    expect(enrolledIn(after[0]!.body)).toBe(enrolledIn(first[0]!.body) + 2);
    // Enrolled in January: the month before the last of the series.
    expect(january(after[1]!.body)).toBe(january(first[1]!.body)! + 2);
    expect(centreRowOf(after[3]!.body, w.ids.centreA)).toBe(centreRowOf(first[3]!.body, w.ids.centreA) + 2);
  });

  it("keeps a clinician's trends to their own centre, apart from the whole programme's", async () => {
    const total = (body: { series: { enrolments: { value: number | null }[] } }) => body.series.enrolments.reduce((a, b) => a + (b.value ?? 0), 0);
    const read = async () => ({
      all: (await w.call('manager', 'GET', `/api/v1/indicators/trends?${PERIOD}`)).body,
      a: (await w.call('clinicA', 'GET', `/api/v1/indicators/trends?${PERIOD}`)).body,
      b: (await w.call('clinicB', 'GET', `/api/v1/indicators/trends?${PERIOD}`)).body,
    });
    const before = await read();
    expect(before.b.centerId).toBe(w.ids.centreB);
    expect(before.a.centerId).toBe(w.ids.centreA);
    // B's January goes from nobody (withheld) to 5 (shown).
    await children(w.ids.centreB, 5);
    await children(w.ids.centreA, 1);
    const after = await read();
    expect(total(after.b) - total(before.b)).toBe(5);
    expect(total(after.a) - total(before.a)).toBe(1);
    expect(total(after.all) - total(before.all)).toBe(6);
    // The programme's figures are the centres' together (here: no other centre has children).
    expect(total(after.all)).toBe(total(after.a) + total(after.b));
  });

  it('the scheduled refresh stores what the dashboard and home pages ask for', async () => {
    await refreshProgrammeIndicators(w.deps);
    const scopes = (await w.db.selectFrom('indicator_snapshots').select('scope').distinct().execute()).map((r) => r.scope);
    expect(scopes).toEqual(expect.arrayContaining(['v2:table', 'v2:validation']));
    const periods = await w.db.selectFrom('indicator_snapshots').select(['from_date', 'to_date']).where('scope', '=', 'v2:table').execute();
    // The 12 months of the dashboard and the 3 months of the managers' home page.
    expect(periods).toEqual(
      expect.arrayContaining([
        { from_date: '2025-03-03', to_date: '2026-03-02' },
        { from_date: '2025-12-03', to_date: '2026-03-02' },
      ]),
    );
  });
});

describe('indicator snapshots, large scope (served stale while one refresh runs)', () => {
  // A world of its own, large from the start, whatever ran before.
  let big: World;
  beforeAll(async () => {
    big = await createWorld({ now: '2026-03-02T02:00:00Z' });
    await children(big.ids.centreB, LARGE_SCOPE_CHILDREN, big);
  });
  afterAll(async () => {
    await big.close();
  });
  const enrolledInJanuary = async () =>
    Number(
      (
        await big.db
          .selectFrom('children')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('enrolled_on', '>=', '2026-01-01')
          .where('enrolled_on', '<=', '2026-01-31')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers the stored trends at once after a change, then the new ones when the refresh is done', async () => {
    const url = `/api/v1/indicators/trends?${PERIOD}`;
    const computed = await big.call('manager', 'GET', url);
    const before = january(computed.body)!;
    expect(before).toBe(await enrolledInJanuary());
    expect(before).toBeGreaterThanOrEqual(LARGE_SCOPE_CHILDREN);

    await children(big.ids.centreA, 1, big);
    const stale = await big.call('manager', 'GET', url);
    expect(stale.body.asOf).toBe(computed.body.asOf);
    expect(january(stale.body)).toBe(before);
    // The refresh runs in the background: ask again until the new figures are served.
    await expect.poll(async () => january((await big.call('manager', 'GET', url)).body), UNTIL_HANG).toBe(before + 1);
  });

  it('makes the reader wait for new figures once the stored ones are too old', async () => {
    const url = `/api/v1/indicators?${PERIOD}`;
    const computed = await big.call('manager', 'GET', url);
    await children(big.ids.centreB, 1, big);
    big.clock.advance(MAX_STALE_MS + 1);
    const res = await big.call('manager', 'GET', url);
    expect(res.body.asOf > computed.body.asOf).toBe(true);
    expect(enrolledIn(res.body)).toBe(enrolledIn(computed.body) + 1);
  });
});
