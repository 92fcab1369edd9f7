// Queries of a fixed shape, built and compiled by Kysely once; later calls only bind new values.
// Building and compiling even a one-table select costs ~30 µs here (the node tree is built, frozen
// and visited every time): as much as SQLite takes to run it, and every signed-in request makes a
// few such queries (token, audit, versions). Used only on those hot paths; everything else builds
// its queries as usual.
import { CompiledQuery, type Compilable, type Insertable, type Kysely, type Updateable } from 'kysely';
import type Database from 'better-sqlite3';
import type { DB } from './schema';
import { sqliteOf, transactionSqliteOf } from './sqlite/open';

const MARK = '\u0000prepared-argument-';

interface Plan {
  sql: string;
  /** Per parameter: the argument it takes (a number) or the constant the builder put there. */
  slots: (number | { value: unknown })[];
}

type Value = string | number | bigint | null | Uint8Array;

function plan(compiled: CompiledQuery, arity: number): Plan {
  if (compiled.sql.includes(MARK)) throw new Error('prepared query: an argument was used in the SQL text, not as a value');
  const seen = new Array<number>(arity).fill(0);
  const slots = compiled.parameters.map((p) => {
    if (typeof p === 'string' && p.startsWith(MARK)) {
      const i = Number(p.slice(MARK.length));
      seen[i]! += 1;
      return i;
    }
    return { value: p };
  });
  // Each argument at least once (twice is fine: the same value at both places). An argument the
  // builder dropped was most likely used to choose the query's shape, which a plan cannot follow.
  const unused = seen.findIndex((n) => n === 0);
  if (unused >= 0) throw new Error(`prepared query: argument ${unused} is not used as a value`);
  return { sql: compiled.sql, slots };
}

/**
 * `build` receives placeholders for its arguments after the executor and must use each as a value
 * (a comparison operand, an inserted or updated value), at least once: never to choose the
 * query's shape, in a list whose length varies, or as an undefined (omitted) column value.
 * The returned function runs it on any executor (the database or a transaction), binding the
 * arguments in place of the placeholders.
 */
export function prepareQuery<A extends Value[], O>(build: (db: Kysely<DB>, ...args: A) => Compilable<O>): (executor: Kysely<DB>, ...args: A) => Promise<O[]> {
  return prepared(build.length - 1, (db, marks) => build(db, ...(marks as unknown as A)));
}

/**
 * An insert of one row into `table` with exactly these columns (a row without one of them, with
 * it undefined, or with another column is refused rather than inserted with a default or dropped).
 */
export function prepareInsert<T extends keyof DB & string, C extends keyof Insertable<DB[T]> & string>(
  table: T,
  columns: readonly C[],
): (executor: Kysely<DB>, row: { [K in C]-?: Exclude<Insertable<DB[T]>[K], undefined> }) => Promise<void> {
  const run = prepared(columns.length, (db, marks) => db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, marks[i]])) as never));
  const named = new Set<string>(columns);
  return async (executor, row) => {
    // A row built elsewhere (not a literal) may carry a column the list lacks: refuse it, not drop it.
    for (const key in row) if (!named.has(key)) throw new Error(`prepared insert into ${table}: column ${key} is not in the list`);
    await run(executor, ...columns.map((c) => row[c] as Value));
  };
}

/**
 * An update of exactly these columns of the row of `table` with this id (a row without one of
 * them, or with another column, is refused as by prepareInsert).
 */
export function prepareUpdateById<T extends keyof DB & string, C extends keyof Updateable<DB[T]> & string>(
  table: T,
  columns: readonly C[],
): (executor: Kysely<DB>, id: string, row: { [K in C]-?: Exclude<Updateable<DB[T]>[K], undefined> }) => Promise<void> {
  const run = prepared(columns.length + 1, (db, marks) => (db.updateTable(table) as unknown as UpdateById).set(Object.fromEntries(columns.map((c, i) => [c, marks[i]]))).where('id', '=', marks[columns.length]!));
  const named = new Set<string>(columns);
  return async (executor, id, row) => {
    for (const key in row) if (!named.has(key)) throw new Error(`prepared update of ${table}: column ${key} is not in the list`);
    await run(executor, ...columns.map((c) => row[c] as Value), id);
  };
}

type UpdateById = { set(values: Record<string, string | undefined>): { where(column: 'id', op: '=', value: string): Compilable<never> } };

function prepared<O>(arity: number, build: (db: Kysely<DB>, marks: string[]) => Compilable<O>): (executor: Kysely<DB>, ...args: Value[]) => Promise<O[]> {
  let compiled: Plan | undefined;
  return async (executor, ...args) => {
    compiled ??= plan(
      build(
        executor,
        Array.from({ length: arity }, (_, i) => `${MARK}${i}`),
      ).compile(),
      arity,
    );
    const { sql, slots } = compiled;
    const parameters = slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    if (parameters.includes(undefined)) throw new Error('prepared query: an argument is undefined');
    // On the database itself (not a transaction) and while no transaction is open on its
    // connection, the statement runs directly: the same as Kysely's own path, without its
    // connection hand-over (~20 µs a query here). During an open transaction it takes Kysely's path,
    // which waits for the commit, so it never reads what that transaction may still roll back.
    // On a transaction opened here, it runs directly while that transaction is open: the
    // transaction holds the connection, so this is where Kysely would run it too.
    const sqlite = directConnection(executor);
    if (sqlite) {
      const statement = statementFor(sqlite, sql);
      if (statement.makeRow) return (statement.statement.all(parameters) as unknown[][]).map(statement.makeRow) as O[];
      statement.statement.run(parameters);
      return [];
    }
    const result = await executor.executeQuery<O>(CompiledQuery.raw(sql, parameters));
    return result.rows;
  };
}

function directConnection(executor: Kysely<DB>): Database.Database | undefined {
  const top = sqliteOf(executor);
  if (top) return top.inTransaction ? undefined : top;
  const held = transactionSqliteOf(executor);
  // Still in it: a transaction SQLite ended itself (a fatal error) must not go on in autocommit.
  return held?.inTransaction ? held : undefined;
}

/**
 * Rows come back as arrays and are made into objects by a function made for the statement's columns:
 * better-sqlite3 sets each column of an object row through V8's API, about twice the time (a
 * follow-up row, 33 columns: 23 against 12 µs), and one loop over every statement's column names
 * is slower still (its property stores see every shape: ~1.5 µs a row against 0.1 µs).
 * Same objects: a column named twice keeps its last value, as there. The names come from SQLite's
 * description of our own statements and are quoted by JSON.stringify.
 */
function rowMaker(columns: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  return new Function('values', `return { ${columns.map((c, i) => `${JSON.stringify(c)}: values[${i}]`).join(', ')} };`) as (values: unknown[]) => Record<string, unknown>;
}

interface Prepared {
  statement: Database.Statement;
  /** A reader's rows come back as arrays, made into objects by this; null for a statement that returns nothing. */
  makeRow: ((values: unknown[]) => Record<string, unknown>) | null;
}

const statements = new WeakMap<Database.Database, Map<string, Prepared>>();
function statementFor(sqlite: Database.Database, sql: string): Prepared {
  let byText = statements.get(sqlite);
  if (!byText) statements.set(sqlite, (byText = new Map()));
  let prepared = byText.get(sql);
  if (!prepared) {
    const statement = sqlite.prepare(sql);
    const makeRow = statement.reader ? rowMaker(statement.columns().map((c) => c.name)) : null;
    if (makeRow) statement.raw(true);
    byText.set(sql, (prepared = { statement, makeRow }));
  }
  return prepared;
}
