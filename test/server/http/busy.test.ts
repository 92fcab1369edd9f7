// Contention that outlasts the retries answers 503 "busy" with Retry-After, not 500 (issue 33): the
// unit was rolled back, and the same request may go through in a moment.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../../server/http/on-error';
import type { AppEnv } from '../../../server/context';
import { renderErrorPage } from '../../../web/pages';

const failing = (error: unknown) => {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'req-1');
    c.set('lang', 'zh');
    await next();
  });
  app.get('/api/x', () => {
    throw error;
  });
  app.get('/page', () => {
    throw error;
  });
  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err, c);
    return c.req.path.startsWith('/api') ? c.json(body, status as 400) : renderErrorPage(c, status, body.error.code, body.error.requestId);
  });
  return app;
};
const withCode = (code: string) => Object.assign(new Error('could not serialize access due to concurrent update'), { code });

describe('a database too busy to take the request', () => {
  it.each(['40001', '40P01', 'SQLITE_BUSY'])('%s: 503 busy with Retry-After, the request id, and no database text', async (code) => {
    const res = await failing(withCode(code)).request('/api/x');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'busy', message: 'The database is busy; try again in a moment', details: [], requestId: 'req-1' } });
  });

  it('says so on a page in Chinese, that anything submitted was not saved', async () => {
    const res = await failing(withCode('40001')).request('/page');
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('系统正忙');
    expect(html).toContain('内容没有保存');
    expect(html).not.toContain('serialize');
  });

  it('leaves any other error a 500 internal', async () => {
    const res = await failing(withCode('23505')).request('/api/x');
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe('internal');
  });
});
