import { z } from 'zod';
import { text } from '../text';
import { defineRoute, requestContext as ctx, type Api } from '../http/route';
import { createUser, issueToken, listUsers, revokeToken, setActive, setPassword } from './service';

const admin = { action: 'users.manage' } as const;
const idParam = z.object({ id: z.uuid() });
export const password = z.string().min(10, 'At least 10 characters').max(256);

export const newUserBody = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, 'Letters, digits, dot, dash, underscore'),
  password,
  displayName: text({ max: 100 }),
  role: z.enum(['admin', 'manager', 'clinician', 'nurse', 'parent']),
  centerId: z.uuid().nullish(),
  schoolId: z.uuid().nullish(),
});

export function registerUserRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/users', summary: 'All accounts', tag: 'admin', access: admin }, async (c) => c.json({ items: (await listUsers(c.get('deps'))).map((u) => ({ ...u, active: u.active === 1 })), nextCursor: null }));
  defineRoute(api, { method: 'post', path: '/users', summary: 'Create an account', tag: 'admin', access: admin, body: newUserBody, status: 201 }, async (c, { body }) => c.json(await createUser(c.get('deps'), ctx(c), body), 201));
  defineRoute(api, { method: 'post', path: '/users/:id/password', summary: "Reset a password (ends the user's sessions)", tag: 'admin', access: admin, params: idParam, body: z.object({ password }) }, async (c, { params, body }) => {
    await setPassword(c.get('deps'), ctx(c), params.id, body.password);
    return c.json({ ok: true });
  });
  defineRoute(api, { method: 'post', path: '/users/:id/active', summary: 'Activate or deactivate an account', tag: 'admin', access: admin, params: idParam, body: z.object({ active: z.boolean() }) }, async (c, { params, body }) => {
    await setActive(c.get('deps'), ctx(c), params.id, body.active);
    return c.json({ ok: true });
  });
  defineRoute(
    api,
    { method: 'post', path: '/users/:id/tokens', summary: 'Issue an API token (shown once)', tag: 'admin', access: admin, params: idParam, body: z.object({ label: text({ max: 100 }) }), status: 201 },
    async (c, { params, body }) => c.json(await issueToken(c.get('deps'), ctx(c), params.id, body.label), 201),
  );
  defineRoute(api, { method: 'post', path: '/tokens/:id/revoke', summary: 'Revoke an API token', tag: 'admin', access: admin, params: idParam }, async (c, { params }) => {
    await revokeToken(c.get('deps'), ctx(c), params.id);
    return c.json({ ok: true });
  });
}
