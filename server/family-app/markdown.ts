// A small, safe Markdown subset for the education articles. Everything is HTML-escaped first;
// only the tags below are ever produced, so no script, event handler or javascript: URL survives.
//   # / ## / ### heading (optional {#anchor})   paragraph   - or * list   1. list   > callout
//   ![alt](/static/app/articles/x.svg) on its own line   **bold**   [text](https://… | /path | #anchor)

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
const unescapeHtml = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/** http(s) anywhere, or a same-site path / fragment. Anything else (javascript:, data:, //host) is refused. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  // Control characters and whitespace inside a scheme are how filters get fooled: refuse them outright.
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;
  if (/^https?:\/\/[^/\\]/i.test(url)) return url;
  if (/^\/(?![/\\])/.test(url) || url.startsWith('#')) return url;
  return null;
}

/** Drawings are our own static files only. */
export function safeImageSrc(raw: string): string | null {
  const src = raw.trim();
  return /^\/static\/app\/articles\/[a-z0-9-]+\.(svg|png)$/.test(src) ? src : null;
}

const ANCHOR = /\s*\{#([a-z0-9-]{1,40})\}\s*$/;

function inline(escaped: string): string {
  return escaped
    .replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (_, text: string, href: string) => {
      const safe = safeHref(unescapeHtml(href));
      return safe ? `<a href="${escapeHtml(safe)}">${text}</a>` : text;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'quote'; lines: string[] } | { kind: 'ul'; items: string[] } | { kind: 'ol'; items: string[] };

/** Markdown (subset) -> HTML that is safe to insert as is. */
export function renderMarkdown(source: string): string {
  const out: string[] = [];
  let block: Block | null = null;
  const flush = () => {
    if (!block) return;
    if (block.kind === 'p') out.push(`<p>${inline(escapeHtml(block.lines.join(' ')))}</p>`);
    else if (block.kind === 'quote') out.push(`<div class="notice callout">${renderMarkdown(block.lines.join('\n'))}</div>`);
    else out.push(`<${block.kind}>${block.items.map((i) => `<li>${inline(escapeHtml(i))}</li>`).join('')}</${block.kind}>`);
    block = null;
  };
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      flush();
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) {
      if (block?.kind !== 'quote') flush();
      if (!block) block = { kind: 'quote', lines: [] };
      (block as { lines: string[] }).lines.push(quote[1]!);
      continue;
    }
    if (block?.kind === 'quote') flush();
    const heading = /^(#{1,3})\s+(.+)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length === 3 ? 3 : 2;
      let text = heading[2]!;
      const anchor = ANCHOR.exec(text);
      if (anchor) text = text.slice(0, anchor.index);
      out.push(`<h${level}${anchor ? ` id="${anchor[1]}"` : ''}>${inline(escapeHtml(text))}</h${level}>`);
      continue;
    }
    const image = /^!\[([^\]]*)\]\(([^)\s]+)\)$/.exec(line.trim());
    if (image) {
      flush();
      const src = safeImageSrc(image[2]!);
      if (src) out.push(`<p class="drawing"><img src="${src}" alt="${escapeHtml(image[1]!)}"></p>`);
      else out.push(`<p>${escapeHtml(image[1]!)}</p>`);
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      if (block?.kind !== kind) flush();
      if (!block) block = { kind, items: [] };
      (block as { items: string[] }).items.push((bullet ?? numbered)![1]!);
      continue;
    }
    if (block && block.kind !== 'p') {
      // A continuation line of a list item.
      if (block.kind === 'ul' || block.kind === 'ol') {
        block.items[block.items.length - 1] += ` ${line.trim()}`;
        continue;
      }
      flush();
    }
    if (!block) block = { kind: 'p', lines: [] };
    (block as { lines: string[] }).lines.push(line.trim());
  }
  flush();
  return out.join('\n');
}
