import type { Context } from 'hono';
import { sameSiteTarget } from '../server/auth/redirect';
import type { Child } from 'hono/jsx';
import type { Actor, AppEnv } from '../server/context';
import { assertMay, type Action } from '../server/auth/policy';
import { Layout } from './layout';
import { organisationName as organisationNameOf } from '../server/reference/service';

export type PageContext = Context<AppEnv>;

/** Renders a page in the one layout; the organisation name shows in the header. */
export async function render(c: PageContext, title: string, body: Child, opts: { status?: number; scripts?: string[]; wide?: boolean; head?: Child } = {}) {
  const actor = c.get('actor');
  const orgName = actor ? await organisationName(c, actor) : null;
  const page = (
    <Layout lang={c.get('lang')} actor={actor} title={title} path={c.req.path} orgName={orgName} scripts={opts.scripts} wide={opts.wide} head={opts.head}>
      {body}
    </Layout>
  );
  // Standards mode needs the doctype, which JSX cannot express.
  return c.html(`<!DOCTYPE html>${await page.toString()}`, (opts.status ?? 200) as 200);
}

async function organisationName(c: PageContext, actor: Actor): Promise<string | null> {
  const org = await organisationNameOf(c.get('deps'), actor);
  return org && (c.get('lang') === 'en' ? org.nameEn : org.name);
}

/**
 * The signed-in actor for a page, or null after answering with a redirect to the login page.
 * A role outside `roles` gets the 403 page.
 */
export function pageActor(c: PageContext, action?: Action): Actor | Response {
  const actor = c.get('actor');
  if (!actor) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  if (action) assertMay(actor, action);
  return actor;
}

/** A same-site path to go back to, never an open redirect. */
export function safeBack(value: string | undefined, fallback = '/'): string {
  // The same rule as sign-in and the language switch: only a path on this site (the base is
  // never emitted, only path and query), anything malformed goes to the fallback.
  const target = sameSiteTarget(value, 'http://localhost');
  return target === '/' && value !== '/' ? fallback : target;
}

/** Reads a urlencoded form into plain strings (repeated fields become arrays). */
export async function readForm(c: PageContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}
