import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from '../../../server/family-app/markdown';
import { ARTICLE_LIBRARY } from '../../../server/family-app/articles/library';

const ALLOWED_TAGS = /^<\/?(h2|h3|p|ul|ol|li|strong|a|img|div)[\s>]/;

/** Every real tag in the output is an allowed one, with no event handler and no script URL. */
function assertSafe(html: string, label: string) {
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag, label).toMatch(ALLOWED_TAGS);
    // Attribute values are quoted and cannot contain a raw quote, so outside them there are only names.
    expect(tag.replace(/"[^"]*"/g, '""'), label).not.toMatch(/\son\w+\s*=/i);
    expect(tag, label).not.toMatch(/(javascript|vbscript|data):/i);
    expect(tag, label).not.toMatch(/(href|src)="\/\//);
  }
  // Text is escaped: a '<' in the output only ever starts one of the allowed tags.
  expect(html.replace(/<[^>]*>/g, ''), label).not.toMatch(/[<>]/);
}

describe('the safe Markdown subset', () => {
  it('renders headings with anchors, paragraphs, lists, callouts, bold, links and drawings', () => {
    const html = renderMarkdown(
      ['## Cold air {#cold-air}', 'Cover **nose and mouth**; see [the plan](/app/articles/action-plan).', '', '- one', '- two', '', '1. first', '2. second', '', '> Call 120', '', '![A spacer](/static/app/articles/spacer-steps.svg)'].join(
        '\n',
      ),
    );
    expect(html).toContain('<h2 id="cold-air">Cold air</h2>');
    expect(html).toContain('<p>Cover <strong>nose and mouth</strong>; see <a href="/app/articles/action-plan">the plan</a>.</p>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<div class="notice callout"><p>Call 120</p></div>');
    expect(html).toContain('<img src="/static/app/articles/spacer-steps.svg" alt="A spacer">');
  });

  it('lets no script, event handler or javascript: link survive', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](java&#x09;script:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD4=)',
      '[click](//evil.example/x)',
      '[x](/ok" onmouseover="alert(1))',
      '**<svg onload=alert(1)>**',
      '## <iframe src=//evil></iframe>',
      '- <style>body{}</style>',
      '> <object data=x></object>',
      '![x" onerror="alert(1)](/static/app/articles/spacer-steps.svg)',
      '![x](javascript:alert(1))',
      '![x](https://evil.example/track.png)',
    ];
    for (const attack of attacks) {
      assertSafe(renderMarkdown(attack), attack);
    }
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>click</p>');
  });

  it('allows http(s) and same-site links only', () => {
    expect(safeHref('https://ginasthma.org/')).toBe('https://ginasthma.org/');
    expect(safeHref('/index')).toBe('/index');
    expect(safeHref('#zone-red')).toBe('#zone-red');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:x', 'mailto:a@b', '//evil', '/\\evil', 'data:x', 'ftp://x']) expect(safeHref(bad), bad).toBeNull();
  });

  it('renders every library article in both languages with nothing unsafe and no dose beyond the plan', () => {
    for (const a of ARTICLE_LIBRARY) {
      for (const lang of ['zh', 'en'] as const) {
        const html = renderMarkdown(a.body[lang]);
        assertSafe(html, `${a.slug}.${lang}`);
        expect(html.length).toBeGreaterThan(400);
        // Doses belong on the child's plan: no micrograms or milligrams in education text.
        expect(a.body[lang]).not.toMatch(/\d\s*(µg|μg|mcg|mg|微克|毫克)/i);
      }
    }
    expect(ARTICLE_LIBRARY.map((a) => a.slug)).toEqual(
      expect.arrayContaining(['what-is-asthma', 'controller-and-reliever', 'inhaler-and-spacer', 'peak-flow', 'action-plan', 'triggers-home', 'triggers-outdoors', 'asthma-at-school', 'exercise', 'colds-and-flu', 'emergency']),
    );
  });
});
