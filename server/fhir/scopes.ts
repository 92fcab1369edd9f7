// SMART scopes (App Launch 2.0 "system/Type.cruds", and the v1 ".read"/".write"/".*" forms), pure.
// A client's token carries the scopes it was granted; a signed-in user has none and is limited
// only by their role and the scope functions, as in the JSON API.

export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';
export interface Scope {
  type: string;
  perms: Set<Interaction>;
}

const V1: Record<string, Interaction[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };
const SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

/** The scope, or undefined when it is not a system scope of either form (or names no permission). */
export function parseScope(text: string): Scope | undefined {
  const m = SCOPE.exec(text);
  if (!m || m[2] === '') return undefined;
  const perms = V1[m[2]!] ?? ([...m[2]!] as Interaction[]);
  return { type: m[1]!, perms: new Set(perms) };
}

export const parseScopes = (text: string): Scope[] =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map(parseScope)
    .filter((s): s is Scope => s !== undefined);

/** Whether the scopes allow `interaction` on `type`. */
export const allows = (scopes: readonly Scope[], type: string, interaction: Interaction): boolean => scopes.some((s) => (s.type === '*' || s.type === type) && s.perms.has(interaction));

/**
 * The scopes to grant: each requested scope that the registered scopes cover entirely (every
 * permission of it allowed by some registered scope). Unknown or uncovered ones are dropped.
 */
export function grantable(requested: string, registered: string): string[] {
  const allowed = parseScopes(registered);
  return requested
    .split(/\s+/)
    .filter(Boolean)
    .filter((text) => {
      const s = parseScope(text);
      return s !== undefined && [...s.perms].every((p) => allows(allowed, s.type === '*' ? '*' : s.type, p) && (s.type !== '*' || allowed.some((a) => a.type === '*' && a.perms.has(p))));
    });
}
