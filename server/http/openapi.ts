import { z } from 'zod';
import type { AnyRouteSpec } from './route';
import { rolesFor } from '../auth/policy';

const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** OpenAPI 3.1 document built from the registered routes' zod schemas. */
export function buildOpenApi(routes: AnyRouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path}`.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
      }
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters,
      security: route.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      responses: {
        [String(route.status ?? 200)]: { description: route.responseDescription ?? 'Success' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (route.access !== 'public' && route.access.action) {
      operation['x-action'] = route.access.action;
      operation['x-roles'] = rolesFor(route.access.action);
    }
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(route.body) } } };
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Child asthma programme API', version },
    paths,
    components: {
      securitySchemes: {
        // __Host-asthma_session where the cookie is Secure (the default for npm start).
        session: { type: 'apiKey', in: 'cookie', name: 'asthma_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
}
