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
const district = z
  .string()
  .trim()
  .regex(/^[a-z]+$/, 'v.district')
  .max(30);

export const centreBody = z.object({ name, nameEn: name, kind: z.enum(['community', 'hospital']), district, street: text({ max: 50, required: false }).default('') });
export const schoolBody = z.object({ name, kind: z.enum(['kindergarten', 'primary', 'middle', 'high']), district, pupils: z.number().int().min(1).max(20000), campuses: z.number().int().min(1).max(20).default(1) });

export async function createCentre(deps: Deps, ctx: RequestContext, body: z.infer<typeof centreBody>) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('centers').select('id').where('name', '=', body.name).executeTakeFirst()) throw conflict('A centre with this name exists');
    await trx
      .insertInto('centers')
      .values({ id, name: body.name, name_en: body.nameEn, kind: body.kind, district: body.district, street: body.street, created_at: nowIso(deps.clock) })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'centre', entityId: id });
  });
  return { id, ...body };
}

export async function createSchool(deps: Deps, ctx: RequestContext, body: z.infer<typeof schoolBody>) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('schools').select('id').where('name', '=', body.name).executeTakeFirst()) throw conflict('A school with this name exists');
    await trx
      .insertInto('schools')
      .values({ id, name: body.name, kind: body.kind, district: body.district, pupils: body.pupils, campuses: body.campuses, created_at: nowIso(deps.clock) })
      .execute();
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

export interface CentreOption {
  id: string;
  name: string;
  nameEn: string;
  kind: 'community' | 'hospital';
}

/** The programme's centres for choosing one (not personal data): the hospital first, then by name. */
export async function centreOptions(deps: Pick<Deps, 'db'>): Promise<CentreOption[]> {
  const rows = await deps.db.selectFrom('centers').select(['id', 'name', 'name_en', 'kind']).orderBy('kind', 'desc').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, kind: r.kind }));
}

/** The programme's schools for choosing one, by name. */
export function schoolOptions(deps: Pick<Deps, 'db'>): Promise<{ id: string; name: string }[]> {
  return deps.db.selectFrom('schools').select(['id', 'name']).orderBy('name').execute();
}

/** The name of a centre (both languages) or a school, for page headers; null when unknown. */
export async function organisationName(deps: Pick<Deps, 'db'>, org: { centerId?: string | null; schoolId?: string | null }): Promise<{ name: string; nameEn: string } | null> {
  if (org.centerId) {
    const row = await deps.db.selectFrom('centers').select(['name', 'name_en']).where('id', '=', org.centerId).executeTakeFirst();
    return row ? { name: row.name, nameEn: row.name_en } : null;
  }
  if (org.schoolId) {
    const row = await deps.db.selectFrom('schools').select('name').where('id', '=', org.schoolId).executeTakeFirst();
    return row ? { name: row.name, nameEn: row.name } : null;
  }
  return null;
}
