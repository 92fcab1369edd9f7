import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// Indicators v2 (issue 31) measure after the fact, so they need what the children table overwrites:
// - due_date_history: each child's due date as it changed (what was due, from which day, why), so
//   on-time follow-up can count a review brought forward by an exacerbation (R4);
// - child_status_changes: when a child stopped (or restarted) being active, so person-time counts
//   only the days each child was under management.
// Both are written by triggers on children (and on follow_ups, which store the due date they set),
// so every path that changes the row (follow-ups, diary, hospital notices, referrals, withdrawal,
// scripts, the demo seed) is recorded without each remembering to.
// Days are Asia/Shanghai (UTC+8, no daylight saving). Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('due_date_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('reason', 'text')
    .addColumn('grace', 'integer')
    .addColumn('detail', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('child_status_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) return upPostgres(db);
  // Backfill before the triggers exist. Each follow-up stored the due date it set, from its own day;
  // before v2 the grace was not kept: 2 days after R4, 7 otherwise, as the dashboard assumed.
  await sql`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT c.id, c.enrolled_on, c.created_at, date(c.enrolled_on, '+28 days'), 'R1', 7, NULL, 'backfill'
    FROM children c`.execute(db);
  await sql`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT f.child_id, f.date, f.created_at, f.next_due_date, f.next_due_reason, CASE WHEN f.next_due_reason = 'R4' THEN 2 ELSE 7 END, NULL, 'backfill'
    FROM follow_ups f WHERE f.next_due_date IS NOT NULL ORDER BY f.date, f.created_at, f.id`.execute(db);
  // The due date in force now, when no follow-up set it (brought forward since, or withdrawn).
  await sql`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT c.id, date(c.updated_at, '+8 hours'), c.updated_at, c.next_due_date, c.next_due_reason, c.next_due_grace, c.next_due_detail, 'backfill'
    FROM children c
    WHERE c.next_due_date IS NOT (SELECT f.next_due_date FROM follow_ups f WHERE f.child_id = c.id ORDER BY f.date DESC, f.created_at DESC, f.id DESC LIMIT 1)`.execute(db);
  // Children not active now: the day of the audited status change, else of the row's last update.
  await sql`INSERT INTO child_status_changes (child_id, status, since, at, source)
    SELECT c.id, c.status, date(coalesce(a.at, c.updated_at), '+8 hours'), coalesce(a.at, c.updated_at), 'backfill'
    FROM children c
    LEFT JOIN (SELECT entity_id, max(at) AS at FROM audit_log WHERE entity = 'child' AND action IN ('status_withdrawn', 'status_transferred') GROUP BY entity_id) a ON a.entity_id = c.id
    WHERE c.status <> 'active'`.execute(db);

  await db.schema.createIndex('due_date_history_child').on('due_date_history').columns(['child_id', 'since', 'id']).execute();
  await db.schema.createIndex('child_status_changes_child').on('child_status_changes').columns(['child_id', 'since', 'id']).execute();

  await sql`CREATE TRIGGER due_date_history_on_insert AFTER INSERT ON children WHEN new.next_due_date IS NOT NULL
    BEGIN
      INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
      VALUES (new.id, date(new.updated_at, '+8 hours'), new.updated_at, new.next_due_date, new.next_due_reason, new.next_due_grace, new.next_due_detail, 'change');
    END`.execute(db);
  await sql`CREATE TRIGGER due_date_history_on_update AFTER UPDATE OF next_due_date, next_due_reason, next_due_grace ON children
    WHEN old.next_due_date IS NOT new.next_due_date OR old.next_due_reason IS NOT new.next_due_reason OR old.next_due_grace IS NOT new.next_due_grace
    BEGIN
      INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
      VALUES (new.id, date(new.updated_at, '+8 hours'), new.updated_at, new.next_due_date, new.next_due_reason, new.next_due_grace, new.next_due_detail, 'change');
    END`.execute(db);
  // A follow-up stores the due date it set: a follow-up written by a script, an import or the demo
  // seed (not through the scheduler, which updates the child's row in the same transaction and at
  // the same instant) is recorded from the follow-up's own day.
  await sql`CREATE TRIGGER due_date_history_on_follow_up AFTER INSERT ON follow_ups
    WHEN new.next_due_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM due_date_history h WHERE h.child_id = new.child_id AND h.set_at = new.created_at AND h.due_date = new.next_due_date)
    BEGIN
      INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
      VALUES (new.child_id, new.date, new.created_at, new.next_due_date, new.next_due_reason, CASE WHEN new.next_due_reason = 'R4' THEN 2 ELSE 7 END, NULL, 'follow_up');
    END`.execute(db);
  await sql`CREATE TRIGGER child_status_changes_on_insert AFTER INSERT ON children WHEN new.status <> 'active'
    BEGIN
      INSERT INTO child_status_changes (child_id, status, since, at, source) VALUES (new.id, new.status, date(new.updated_at, '+8 hours'), new.updated_at, 'change');
    END`.execute(db);
  await sql`CREATE TRIGGER child_status_changes_on_update AFTER UPDATE OF status ON children WHEN old.status IS NOT new.status
    BEGIN
      INSERT INTO child_status_changes (child_id, status, since, at, source) VALUES (new.id, new.status, date(new.updated_at, '+8 hours'), new.updated_at, 'change');
    END`.execute(db);
}

// PostgreSQL: the same backfill and triggers. SQLite's date(x, '+8 hours') of an ISO instant is its
// day in Shanghai (UTC+8); `IS NOT` is `IS DISTINCT FROM`.
const shanghaiDay = (instant: string) => `to_char((${instant})::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql.raw(`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT c.id, c.enrolled_on, c.created_at, to_char(c.enrolled_on::date + 28, 'YYYY-MM-DD'), 'R1', 7, NULL, 'backfill' FROM children c`).execute(db);
  await sql`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT f.child_id, f.date, f.created_at, f.next_due_date, f.next_due_reason, CASE WHEN f.next_due_reason = 'R4' THEN 2 ELSE 7 END, NULL, 'backfill'
    FROM follow_ups f WHERE f.next_due_date IS NOT NULL ORDER BY f.date, f.created_at, f.id`.execute(db);
  await sql.raw(`INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    SELECT c.id, ${shanghaiDay('c.updated_at')}, c.updated_at, c.next_due_date, c.next_due_reason, c.next_due_grace, c.next_due_detail, 'backfill'
    FROM children c
    WHERE c.next_due_date IS DISTINCT FROM (SELECT f.next_due_date FROM follow_ups f WHERE f.child_id = c.id ORDER BY f.date DESC, f.created_at DESC, f.id DESC LIMIT 1)`).execute(db);
  await sql.raw(`INSERT INTO child_status_changes (child_id, status, since, at, source)
    SELECT c.id, c.status, ${shanghaiDay('coalesce(a.at, c.updated_at)')}, coalesce(a.at, c.updated_at), 'backfill'
    FROM children c
    LEFT JOIN (SELECT entity_id, max(at) AS at FROM audit_log WHERE entity = 'child' AND action IN ('status_withdrawn', 'status_transferred') GROUP BY entity_id) a ON a.entity_id = c.id
    WHERE c.status <> 'active'`).execute(db);
  await db.schema.createIndex('due_date_history_child').on('due_date_history').columns(['child_id', 'since', 'id']).execute();
  await db.schema.createIndex('child_status_changes_child').on('child_status_changes').columns(['child_id', 'since', 'id']).execute();

  const due = (id: string, since: string, grace: string, detail: string, source: string) => `INSERT INTO due_date_history (child_id, since, set_at, due_date, reason, grace, detail, source)
    VALUES (${id}, ${since}, new.${id === 'new.id' ? 'updated_at' : 'created_at'}, new.next_due_date, new.next_due_reason, ${grace}, ${detail}, '${source}');`;
  const status = `INSERT INTO child_status_changes (child_id, status, since, at, source) VALUES (new.id, new.status, ${shanghaiDay('new.updated_at')}, new.updated_at, 'change');`;
  const fns: [string, string, string][] = [
    ['due_date_history_on_insert', 'AFTER INSERT ON children FOR EACH ROW WHEN (new.next_due_date IS NOT NULL)', due('new.id', shanghaiDay('new.updated_at'), 'new.next_due_grace', 'new.next_due_detail', 'change')],
    ['due_date_history_on_update', 'AFTER UPDATE OF next_due_date, next_due_reason, next_due_grace ON children FOR EACH ROW WHEN (old.next_due_date IS DISTINCT FROM new.next_due_date OR old.next_due_reason IS DISTINCT FROM new.next_due_reason OR old.next_due_grace IS DISTINCT FROM new.next_due_grace)', due('new.id', shanghaiDay('new.updated_at'), 'new.next_due_grace', 'new.next_due_detail', 'change')],
    ['due_date_history_on_follow_up', 'AFTER INSERT ON follow_ups FOR EACH ROW WHEN (new.next_due_date IS NOT NULL)', `IF NOT EXISTS (SELECT 1 FROM due_date_history h WHERE h.child_id = new.child_id AND h.set_at = new.created_at AND h.due_date = new.next_due_date) THEN ${due('new.child_id', 'new.date', "CASE WHEN new.next_due_reason = 'R4' THEN 2 ELSE 7 END", 'NULL', 'follow_up')} END IF;`],
    ['child_status_changes_on_insert', "AFTER INSERT ON children FOR EACH ROW WHEN (new.status <> 'active')", status],
    ['child_status_changes_on_update', 'AFTER UPDATE OF status ON children FOR EACH ROW WHEN (old.status IS DISTINCT FROM new.status)', status],
  ];
  for (const [name, when, body] of fns) await pgTrigger(db, { name, body: `${body} RETURN NULL;` }, [{ name, when }]);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const t of ['due_date_history_on_insert', 'due_date_history_on_update', 'child_status_changes_on_insert', 'child_status_changes_on_update']) await sql.raw(`DROP TRIGGER IF EXISTS ${t} ON children`).execute(db);
    await sql`DROP TRIGGER IF EXISTS due_date_history_on_follow_up ON follow_ups`.execute(db);
  } else for (const t of ['due_date_history_on_insert', 'due_date_history_on_update', 'due_date_history_on_follow_up', 'child_status_changes_on_insert', 'child_status_changes_on_update']) await sql`DROP TRIGGER IF EXISTS ${sql.raw(t)}`.execute(db);
  await db.schema.dropTable('child_status_changes').execute();
  await db.schema.dropTable('due_date_history').execute();
}
