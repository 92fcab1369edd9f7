// A pause in the middle of a use case, for race tests: the first read of a referral row is held
// until released, with a promise that says when it got there and what status it read.
import { TableNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';

/** Holds the first read of a referral row until released; says when it got there. */
export class PauseAfterReferralRead implements KyselyPlugin {
  readonly #referralReads = new Set<unknown>();
  #armed = true;
  #reached!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.#reached = resolve));
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));
  seen: string | null = null;

  release(): void {
    this.#release();
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const from = node.kind === 'SelectQueryNode' ? (node.from?.froms ?? []) : [];
    if (from.some((f) => TableNode.is(f) && f.table.identifier.name === 'referrals')) this.#referralReads.add(queryId);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#armed && this.#referralReads.has(queryId)) {
      this.#armed = false;
      this.seen = String((result.rows[0] as { status?: unknown } | undefined)?.status);
      this.#reached();
      await this.#released;
    }
    return result;
  }
}
