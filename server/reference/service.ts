// Reference data an admin maintains: the centres and the schools of the programme.
import { z } from 'zod';
import type { Db } from '../../db/connection';
import { hospital, pudongCentres } from './pudong-centres';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { conflict } from '../errors';
import { newId } from '../ids';
import { text } from '../text';

const name = text({ max: 100 });
const district = z.string().trim().regex(/^[a-z]+$/, 'v.district').max(30);

export const centreBody = z.object({ name, nameEn: name, kind: z.enum(['community', 'hospital']), district, street: text({ max: 50, required: false }).default('') });
export const schoolBody = z.object({ name, kind: z.enum(['kindergarten', 'primary', 'middle', 'high']), district, pupils: z.number().int().min(1).max(20000), campuses: z.number().int().min(1).max(20).default(1) });

export async function createCentre(deps: Deps, ctx: RequestContext, body: z.infer<typeof centreBody>) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('centers').select('id').where('name', '=', body.name).executeTakeFirst()) throw conflict('A centre with this name exists');
    await trx.insertInto('centers').values({ id, name: body.name, name_en: body.nameEn, kind: body.kind, district: body.district, street: body.street, created_at: nowIso(deps.clock) }).execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'centre', entityId: id });
  });
  return { id, ...body };
}

export async function createSchool(deps: Deps, ctx: RequestContext, body: z.infer<typeof schoolBody>) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('schools').select('id').where('name', '=', body.name).executeTakeFirst()) throw conflict('A school with this name exists');
    await trx.insertInto('schools').values({ id, name: body.name, kind: body.kind, district: body.district, pupils: body.pupils, campuses: body.campuses, created_at: nowIso(deps.clock) }).execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'school', entityId: id });
  });
  return { id, ...body };
}

/** A real deployment starts with the hospital and the Pudong community centres; schools are added by the admin. */
export async function loadReferenceCentres(db: Db, now: string): Promise<number> {
  const existing = await db.selectFrom('centers').select('id').limit(1).execute();
  if (existing.length) return 0;
  const all = [{ ...hospital, kind: 'hospital' as const }, ...pudongCentres.map((c) => ({ ...c, kind: 'community' as const }))];
  for (const c of all) {
    await db.insertInto('centers').values({ id: newId(), name: c.name, name_en: c.nameEn, kind: c.kind, district: 'pudong', street: c.street, created_at: now }).execute();
  }
  return all.length;
}
