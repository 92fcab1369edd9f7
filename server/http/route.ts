// Declares a JSON API route once: the zod schemas validate the request and feed the OpenAPI
// document, so the contract and the checks cannot drift apart.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Actor } from '../context';
import { AppError, unauthenticated, validationFailed } from '../errors';
import { parseOrThrow } from './validation';
import { assertMay, type Action } from '../auth/policy';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Hono-style path under /api/v1, e.g. '/children/:id'. */
  path: string;
  summary: string;
  tag: string;
  /** 'public' needs no login; otherwise the action it performs (server/auth/policy.ts), any signed-in role when omitted. */
  access: 'public' | { action?: Action };
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer, for the document. */
  status?: number;
  responseDescription?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor | null;
}

export type AnyRouteSpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** The app plus the list of routes declared on it (the OpenAPI document and the access tests read it). */
export interface Api {
  app: Hono<AppEnv>;
  routes: AnyRouteSpec[];
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '', message: 'Body is not valid JSON' }], 'Body is not valid JSON');
  }
}

// The API speaks English in its messages; pages validate the same schemas in the user's language.
function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown, prefix: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  return parseOrThrow(schema, value, 'en', prefix);
}

export function requireActor(actor: Actor | null, action?: Action): Actor {
  if (!actor) throw unauthenticated();
  if (action) assertMay(actor, action);
  return actor;
}

export function defineRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  api: Api,
  spec: RouteSpec<P, Q, B>,
  handler: (c: Context<AppEnv>, input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Response> | Response,
): void {
  api.routes.push(spec as unknown as AnyRouteSpec);
  api.app.on(spec.method.toUpperCase(), `/api/v1${spec.path}`, async (c) => {
    const actor = c.get('actor');
    if (spec.access !== 'public') requireActor(actor, spec.access.action);
    const params = parseWith(spec.params, c.req.param(), 'params');
    const query = parseWith(spec.query, c.req.query(), 'query');
    const body = spec.body ? parseWith(spec.body, await readJson(c), '') : (undefined as z.infer<B>);
    return handler(c, { params, query, body, actor });
  });
}

/** Who is asking, for services: the resolved actor and this request's id. */
export const requestContext = (c: Context<AppEnv>) => ({ actor: c.get('actor'), requestId: c.get('requestId') });
