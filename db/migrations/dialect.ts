// The migrations' small dialect layer (issue 33): one set of migrations for SQLite and PostgreSQL.
// Frozen like the migrations themselves: what it makes of a column must never change, or a database
// created later would differ from one created earlier.
// - Column types are written as SQLite knows them. On PostgreSQL `integer` becomes `bigint` (epoch
//   milliseconds and counters need 64 bits there, as every SQLite integer has), `real` becomes
//   `double precision` (PostgreSQL's `real` is 4 bytes), and an auto-increment key `bigserial`.
// - Triggers differ in form (SQLite: a body of statements; PostgreSQL: a function), so a migration
//   that makes them asks `isPostgres` and writes each its own way.
import {
  type ColumnDefinitionNode,
  DataTypeNode,
  OperationNodeTransformer,
  PostgresAdapter,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  sql,
} from 'kysely';

export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

class PortableColumns extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node);
    const type = DataTypeNode.is(column.dataType) ? column.dataType.dataType : null;
    if (column.autoIncrement) return { ...column, dataType: DataTypeNode.create('bigserial'), autoIncrement: false };
    if (type === 'integer') return { ...column, dataType: DataTypeNode.create('bigint') };
    if (type === 'real') return { ...column, dataType: DataTypeNode.create('double precision') };
    return column;
  }
}

/** Installed on the migrations' connection on PostgreSQL (db/migrate.ts). */
export class PortableSchemaPlugin implements KyselyPlugin {
  readonly #columns = new PortableColumns();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#columns.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A PL/pgSQL trigger function and the triggers that call it, replaced if they exist. */
export async function pgTrigger(db: Kysely<any>, fn: { name: string; body: string }, triggers: { name: string; when: string }[]): Promise<void> {
  await sql.raw(`create or replace function ${fn.name}() returns trigger language plpgsql as $fn$ begin ${fn.body} end $fn$`).execute(db);
  for (const t of triggers) {
    await sql.raw(`drop trigger if exists ${t.name} on ${t.when.match(/ on (\w+)/i)![1]}`).execute(db);
    await sql.raw(`create trigger ${t.name} ${t.when} execute function ${fn.name}()`).execute(db);
  }
}
