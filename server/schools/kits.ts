// Kits, their inhalers, monthly checks and records of use: one transaction per use case.
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { compareDates, shanghaiDate } from '../calendar';
import { today } from '../clock';
import { illegalTransition, notFound } from '../errors';
import { FieldError } from './field-error';
import { newId } from '../ids';
import { mdiExpiryDate } from './rules';
import type { CheckBody, KitBody, KitPatch, MdiBody, ParentToldBody, UseBody } from './schemas';
import { reachKit, reachSchool, type Trx } from './scope';
import { actorOf } from '../auth/actor';
import { checkView, kitView, mdiView, useView, type KitView } from './views';

const b = (v: boolean) => (v ? 1 : 0) as 0 | 1;

export function notInFuture(date: string, todayDate: string, path: string): void {
  if (compareDates(date, todayDate) > 0) throw new FieldError(path, 'v.futureDate');
}

/** Active kits of the given schools (all when null) with their MDIs in use and last check date. */
export async function loadKits(trx: Trx, schoolIds: string[] | null, opts: { includeRetired?: boolean } = {}): Promise<KitView[]> {
  if (schoolIds?.length === 0) return [];
  // The kits asked for, as a subquery for their MDIs and checks: with every school of the city a
  // list of their ids would approach SQLite's 32,766 bound values.
  const chosen = () => {
    let q = trx.selectFrom('kits').select('kits.id');
    if (schoolIds) q = q.where('kits.school_id', 'in', schoolIds);
    if (!opts.includeRetired) q = q.where('kits.status', '=', 'active');
    return q;
  };
  let q = trx.selectFrom('kits').selectAll();
  if (schoolIds) q = q.where('school_id', 'in', schoolIds);
  if (!opts.includeRetired) q = q.where('status', '=', 'active');
  const kits = await q.orderBy('school_id').orderBy('label').execute();
  if (kits.length === 0) return [];
  const mdis = await trx.selectFrom('kit_mdis').selectAll().where('kit_id', 'in', chosen()).where('status', '=', 'in_use').orderBy('expiry_date').execute();
  const checks = await trx
    .selectFrom('kit_checks')
    .select(['kit_id', (eb) => eb.fn.max('date').as('last')])
    .where('kit_id', 'in', chosen())
    .groupBy('kit_id')
    .execute();
  const last = new Map(checks.map((c) => [c.kit_id, c.last as string | null]));
  // Grouped once (a search per kit was quadratic over the city's kits), still in expiry order.
  const mdisOf = new Map<string, typeof mdis>();
  for (const m of mdis) {
    const list = mdisOf.get(m.kit_id);
    if (list) list.push(m);
    else mdisOf.set(m.kit_id, [m]);
  }
  return kits.map((k) => kitView(k, mdisOf.get(k.id) ?? [], last.get(k.id) ?? null));
}

async function insertMdi(trx: Trx, deps: Deps, kitId: string, m: MdiBody): Promise<string> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await trx
    .insertInto('kit_mdis')
    .values({
      id,
      kit_id: kitId,
      product: m.product,
      batch: m.batch,
      expiry: m.expiry,
      expiry_date: mdiExpiryDate(m.expiry),
      labelled_doses: m.labelledDoses,
      counter_reading: m.counterReading ?? null,
      puffs_used: m.puffsUsed ?? null,
      status: 'in_use',
      replaced_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function createKit(deps: Deps, ctx: RequestContext, schoolId: string, body: KitBody): Promise<KitView> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'write');
    const now = deps.clock.now().toISOString();
    const id = newId();
    await trx
      .insertInto('kits')
      .values({
        id,
        school_id: schoolId,
        label: body.label,
        kind: body.kind,
        location: body.location,
        locked: b(body.locked),
        storage_ok: b(body.storageOk),
        spacers: body.spacers,
        documents: JSON.stringify(body.documents),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const m of body.mdis) await insertMdi(trx, deps, id, m);
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'kit', entityId: id });
    return (await loadKits(trx, [schoolId])).find((k) => k.id === id)!;
  });
}

export async function updateKit(deps: Deps, ctx: RequestContext, kitId: string, patch: KitPatch): Promise<KitView> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const kit = await reachKit(trx, actor, kitId, 'write');
    await trx
      .updateTable('kits')
      .set({
        ...(patch.label !== undefined && { label: patch.label }),
        ...(patch.kind !== undefined && { kind: patch.kind }),
        ...(patch.location !== undefined && { location: patch.location }),
        ...(patch.locked !== undefined && { locked: b(patch.locked) }),
        ...(patch.storageOk !== undefined && { storage_ok: b(patch.storageOk) }),
        ...(patch.spacers !== undefined && { spacers: patch.spacers }),
        ...(patch.documents !== undefined && { documents: JSON.stringify(patch.documents) }),
        // The reason goes with the status it explains: a kit put back without one loses the old reason.
        ...(patch.status !== undefined && { status: patch.status, status_reason: patch.reason ?? null, status_changed_at: deps.clock.now().toISOString() }),
        updated_at: deps.clock.now().toISOString(),
      })
      .where('id', '=', kitId)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'kit', entityId: kitId });
    return (await loadKits(trx, [kit.school_id], { includeRetired: true })).find((k) => k.id === kitId)!;
  });
}

export async function listKits(deps: Deps, ctx: RequestContext, schoolId: string, opts: { includeRetired?: boolean } = {}): Promise<KitView[]> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'read');
    return loadKits(trx, [schoolId], { includeRetired: opts.includeRetired ?? false });
  });
}

/** A kit with its recent checks and uses; uses can name a pupil, so the read is audited. */
export async function getKit(deps: Deps, ctx: RequestContext, kitId: string) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const kit = await reachKit(trx, actor, kitId, 'read');
    const view = (await loadKits(trx, [kit.school_id], { includeRetired: true })).find((k) => k.id === kitId)!;
    const checks = await trx.selectFrom('kit_checks').selectAll().where('kit_id', '=', kitId).orderBy('date', 'desc').orderBy('created_at', 'desc').limit(12).execute();
    const uses = await trx.selectFrom('kit_uses').selectAll().where('kit_id', '=', kitId).orderBy('used_at', 'desc').limit(20).execute();
    const past = await trx.selectFrom('kit_mdis').selectAll().where('kit_id', '=', kitId).where('status', '!=', 'in_use').orderBy('updated_at', 'desc').limit(10).execute();
    await audit(trx, deps.clock, ctx, { action: 'read', entity: 'kit', entityId: kitId });
    return { ...view, pastMdis: past.map(mdiView), checks: checks.map(checkView), uses: uses.map(useView) };
  });
}

/**
 * Names of the pupils in a kit's use log, for the school's own staff (who may write there): the
 * nurse recorded them and picks them from the register. Only the school's children; the kit's read
 * (getKit) is the audited one.
 */
export async function pupilNames(deps: Deps, ctx: RequestContext, schoolId: string, childIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(childIds)];
  if (ids.length === 0) return new Map();
  await reachSchool(deps.db, actorOf(ctx), schoolId, 'write');
  const rows = await deps.db.selectFrom('children').select(['id', 'name']).where('id', 'in', ids).where('school_id', '=', schoolId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Adds an MDI to a kit; with `replaces`, the old one is marked replaced in the same change. */
export async function addMdi(deps: Deps, ctx: RequestContext, kitId: string, body: MdiBody) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachKit(trx, actor, kitId, 'write');
    if (body.replaces) {
      const old = await trx.selectFrom('kit_mdis').select(['id', 'status']).where('id', '=', body.replaces).where('kit_id', '=', kitId).executeTakeFirst();
      if (!old || old.status !== 'in_use') throw new FieldError('replaces', 'v.school.mdiNotInKit');
    }
    const id = await insertMdi(trx, deps, kitId, body);
    if (body.replaces) {
      await trx.updateTable('kit_mdis').set({ status: 'replaced', replaced_by: id, updated_at: deps.clock.now().toISOString() }).where('id', '=', body.replaces).execute();
      await audit(trx, deps.clock, ctx, { action: 'replace', entity: 'kit_mdi', entityId: body.replaces });
    }
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'kit_mdi', entityId: id });
    return mdiView(await trx.selectFrom('kit_mdis').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function updateMdi(deps: Deps, ctx: RequestContext, mdiId: string, patch: { counterReading?: number | null; puffsUsed?: number | null; status?: 'in_use' | 'removed' }) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const mdi = await trx.selectFrom('kit_mdis').selectAll().where('id', '=', mdiId).executeTakeFirst();
    if (!mdi) throw notFound();
    await reachKit(trx, actor, mdi.kit_id, 'write');
    for (const key of ['counterReading', 'puffsUsed'] as const) {
      const v = patch[key];
      if (v != null && v > mdi.labelled_doses) throw new FieldError(key, 'v.school.moreThanLabelled');
    }
    await trx
      .updateTable('kit_mdis')
      .set({
        ...(patch.counterReading !== undefined && { counter_reading: patch.counterReading }),
        ...(patch.puffsUsed !== undefined && { puffs_used: patch.puffsUsed }),
        ...(patch.status !== undefined && { status: patch.status }),
        updated_at: deps.clock.now().toISOString(),
      })
      .where('id', '=', mdiId)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'kit_mdi', entityId: mdiId });
    return mdiView(await trx.selectFrom('kit_mdis').selectAll().where('id', '=', mdiId).executeTakeFirstOrThrow());
  });
}

/** The monthly check; what was observed becomes the kit's current state. */
/** A retired kit is out of the lists and the assessment: a check or use on it would be counted nowhere. */
function inService(kit: { status: string }): void {
  if (kit.status === 'retired') throw illegalTransition('This kit is retired: put it back in use before recording a check or a use');
}

export async function recordCheck(deps: Deps, ctx: RequestContext, kitId: string, body: CheckBody) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const kit = await reachKit(trx, actor, kitId, 'write');
    inService(kit);
    notInFuture(body.date, today(deps.clock), 'date');
    const now = deps.clock.now().toISOString();
    const id = newId();
    const row = {
      id,
      kit_id: kitId,
      school_id: kit.school_id,
      date: body.date,
      mdi_present: b(body.mdiPresent),
      mdi_in_date: b(body.mdiInDate),
      doses_ok: b(body.dosesOk),
      spacers: body.spacers,
      documents: JSON.stringify(body.documents),
      unlocked: b(body.unlocked),
      storage_ok: b(body.storageOk),
      poster: b(body.poster),
      register_reachable: b(body.registerReachable),
      note: body.note ?? null,
      checked_by: actor.id,
      created_at: now,
    };
    await trx.insertInto('kit_checks').values(row).execute();
    await trx
      .updateTable('kits')
      .set({ spacers: body.spacers, documents: row.documents, locked: b(!body.unlocked), storage_ok: row.storage_ok, updated_at: now })
      .where('id', '=', kitId)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'kit_check', entityId: id });
    return checkView(row);
  });
}

/** A use of the kit; the puffs given come off the MDI's count. */
export async function recordUse(deps: Deps, ctx: RequestContext, kitId: string, body: UseBody) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const kit = await reachKit(trx, actor, kitId, 'write');
    inService(kit);
    const usedAt = new Date(body.usedAt);
    const date = shanghaiDate(usedAt);
    notInFuture(date, today(deps.clock), 'usedAt');
    let batch = body.mdiBatch ?? '';
    if (body.mdiId) {
      const mdi = await trx.selectFrom('kit_mdis').selectAll().where('id', '=', body.mdiId).where('kit_id', '=', kitId).executeTakeFirst();
      if (!mdi) throw new FieldError('mdiId', 'v.school.mdiNotInKit');
      batch = mdi.batch;
      const set = mdi.counter_reading !== null ? { counter_reading: Math.max(0, mdi.counter_reading - body.puffs) } : { puffs_used: Math.min(mdi.labelled_doses, (mdi.puffs_used ?? 0) + body.puffs) };
      await trx
        .updateTable('kit_mdis')
        .set({ ...set, updated_at: deps.clock.now().toISOString() })
        .where('id', '=', mdi.id)
        .execute();
    }
    if (body.childId) {
      const child = await trx.selectFrom('children').select('id').where('id', '=', body.childId).where('school_id', '=', kit.school_id).executeTakeFirst();
      if (!child) throw new FieldError('childId', 'v.school.notOnRegister');
    }
    const id = newId();
    const row = {
      id,
      kit_id: kitId,
      school_id: kit.school_id,
      used_at: usedAt.toISOString(),
      date,
      place: body.place,
      child_id: body.childId ?? null,
      symptoms: JSON.stringify(body.symptoms),
      puffs: body.puffs,
      spacer_used: b(body.spacerUsed),
      given_by: body.givenBy,
      called_120: b(body.called120),
      outcome: body.outcome,
      parent_told_at: body.parentToldAt ? new Date(body.parentToldAt).toISOString() : null,
      parent_told_how: body.parentToldHow ?? null,
      mdi_id: body.mdiId ?? null,
      mdi_batch: batch,
      note: body.note ?? null,
      created_by: actor.id,
      created_at: deps.clock.now().toISOString(),
    };
    await trx.insertInto('kit_uses').values(row).execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'kit_use', entityId: id });
    return useView(row);
  });
}

/** Records when and how the parent was told of a use (or corrects it). One transaction, audited. */
export async function recordParentTold(deps: Deps, ctx: RequestContext, useId: string, body: ParentToldBody) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const use = await trx.selectFrom('kit_uses').selectAll().where('id', '=', useId).executeTakeFirst();
    if (!use) throw notFound();
    await reachKit(trx, actor, use.kit_id, 'write');
    const told = new Date(body.parentToldAt);
    if (told.getTime() < Date.parse(use.used_at)) throw new FieldError('parentToldAt', 'v.school.toldBeforeUse');
    if (told.getTime() > deps.clock.now().getTime()) throw new FieldError('parentToldAt', 'v.futureDate');
    const changes = { parent_told_at: told.toISOString(), parent_told_how: body.parentToldHow };
    await trx.updateTable('kit_uses').set(changes).where('id', '=', useId).execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'kit_use', entityId: useId });
    return useView({ ...use, ...changes });
  });
}

/** Pupils on the school's register, for the "which pupil" choice when recording a use. */
export async function registeredPupils(deps: Deps, ctx: RequestContext, schoolId: string) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'write');
    return trx.selectFrom('children').select(['id', 'name']).where('school_id', '=', schoolId).where('status', '=', 'active').orderBy('name').execute();
  });
}
