// A page request as a user (or nobody) in a language (or the server's default, Chinese), and a
// form post, as the page tests make them.
import type { World } from './world';

export type Lang = 'zh' | 'en';

export function pageClient(world: () => World) {
  const cookieOf = async (as: string | null, lang?: Lang) => [as ? await world().cookieFor(as) : null, lang ? `lang=${lang}` : null].filter(Boolean).join('; ');
  const answer = async (res: Response) => ({ status: res.status, html: await res.text(), location: res.headers.get('location') });
  return {
    async page(as: string | null, path: string, lang?: Lang) {
      const cookie = await cookieOf(as, lang);
      return answer(await world().app.request(path, { headers: cookie ? { cookie } : {} }));
    },
    async post(as: string, path: string, fields: [string, string][] | Record<string, string>, lang?: Lang) {
      return answer(
        await world().app.request(path, {
          method: 'POST',
          headers: { cookie: await cookieOf(as, lang), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
          body: new URLSearchParams(fields).toString(),
        }),
      );
    },
  };
}
