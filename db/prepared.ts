// Queries of a fixed shape, built and compiled by Kysely once; later calls only bind new values.
// Building and compiling even a one-table select costs ~30 µs here (the node tree is built, frozen
// and visited every time): as much as SQLite takes to run it, and every signed-in request makes a
// few such queries (token, audit, versions). Used only on those hot paths; everything else builds
// its queries as usual.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema';

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
  // Each argument exactly once: an argument that chose the query's shape, or was dropped or
  // repeated by the builder, would bind wrongly on later calls.
  const wrong = seen.findIndex((n) => n !== 1);
  if (wrong >= 0) throw new Error(`prepared query: argument ${wrong} appears ${seen[wrong]} times as a value`);
  return { sql: compiled.sql, slots };
}

/**
 * `build` receives placeholders for its arguments after the executor and must use each exactly
 * once as a value (a comparison operand, an inserted or updated value): never to choose the
 * query's shape, in a list whose length varies, or as an undefined (omitted) column value.
 * The returned function runs it on any executor (the database or a transaction), binding the
 * arguments in place of the placeholders.
 */
export function prepareQuery<A extends Value[], O>(build: (db: Kysely<DB>, ...args: A) => Compilable<O>): (executor: Kysely<DB>, ...args: A) => Promise<O[]> {
  const arity = build.length - 1;
  let compiled: Plan | undefined;
  return async (executor, ...args) => {
    if (!compiled) {
      const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}`) as unknown as A;
      compiled = plan(build(executor, ...marks).compile(), arity);
    }
    const { sql, slots } = compiled;
    const parameters = slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    if (parameters.includes(undefined)) throw new Error('prepared query: an argument is undefined');
    const result = await executor.executeQuery<O>(CompiledQuery.raw(sql, parameters));
    return result.rows;
  };
}
