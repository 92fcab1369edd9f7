import type Database from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { appendTarget } from '../../db/connection';
import { prepareQuery } from '../../db/prepared';
import type { Clock } from '../clock';
import type { RequestContext } from '../context';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
}

/**
 * Appends an audit row inside the caller's transaction, so the row and the change commit together.
 * Only ids and codes go in: never names, phones, free text or secrets.
 */
export async function audit(trx: Kysely<DB>, clock: Clock, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const row = auditRow(clock, ctx, entry);
  await insertAuditRow(trx, row.at, row.user_id, row.role, row.action, row.entity, row.entity_id, row.outcome, row.request_id);
}

type AuditRow = Required<Omit<Insertable<DB['audit_log']>, 'id'>> & { request_id: string };

const auditRow = (clock: Clock, ctx: RequestContext, entry: AuditEntry): AuditRow => ({
  at: clock.now().toISOString(), user_id: ctx.actor?.id ?? null, role: ctx.actor?.role ?? null, action: entry.action,
  entity: entry.entity, entity_id: entry.entityId ?? null, outcome: entry.outcome ?? 'ok', request_id: ctx.requestId,
});

/**
 * The audit row of a read, which changes nothing else: appended to the next shared commit
 * (db/group-commit.ts) instead of a transaction of its own, which cost a read ~40 % of its time at
 * city scale. Still committed before the caller answers.
 */
export function auditRead(db: Kysely<DB>, clock: Clock, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const target = appendTarget(db);
  if (!target) return db.transaction().execute((trx) => audit(trx, clock, ctx, entry));
  const row = auditRow(clock, ctx, entry);
  const statement = appendStatement(target.sqlite);
  return target.group.append(() => void statement.run(row));
}

const appendStatements = new WeakMap<Database.Database, Database.Statement>();
const appendStatement = (sqlite: Database.Database): Database.Statement => {
  let statement = appendStatements.get(sqlite);
  if (!statement) {
    const columns: (keyof AuditRow)[] = ['at', 'user_id', 'role', 'action', 'entity', 'entity_id', 'outcome', 'request_id'];
    statement = sqlite.prepare(`insert into audit_log (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
    appendStatements.set(sqlite, statement);
  }
  return statement;
};

// Every audited request inserts one: built once (db/prepared.ts).
const insertAuditRow = prepareQuery((db, at: string, userId: string | null, role: string | null, action: string, entity: string, entityId: string | null, outcome: NonNullable<AuditEntry['outcome']>, requestId: string) =>
  db.insertInto('audit_log').values({ at, user_id: userId, role, action, entity, entity_id: entityId, outcome, request_id: requestId }));
