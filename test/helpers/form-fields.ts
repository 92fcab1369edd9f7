// What a browser would submit from a page's form as rendered (its inputs, ticked boxes, chosen
// options and text areas), and one field of it changed: the page tests post forms back with these.
const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]!) : null;
};

/** What a browser would submit from the form as rendered: values, ticked boxes, chosen options. */
export function formFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const tag of html.match(/<input[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(tag)) continue;
    fields.push([name, attr(tag, 'value') ?? '']);
  }
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(m[2]!);
    fields.push([m[1]!, selected ? unescapeHtml(selected[1]!) : '']);
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields.push([m[1]!, unescapeHtml(m[2]!)]);
  return fields;
}

export const setField = (fields: [string, string][], name: string, value: string) => [...fields.filter(([n]) => n !== name), [name, value]] as [string, string][];
