// Article editing for admins and clinicians: Markdown in both languages, draft or published.
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { AppError, type ErrorDetail } from '../../server/errors';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { articleCreateSchema, articleSchema, ARTICLE_TOPICS } from '../../server/family-app/article-schemas';
import { getArticle, listArticles, saveArticle } from '../../server/family-app/articles';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { errorsByPath, formText, SelectField, TextField, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';

function toBody(v: FormValues) {
  return {
    slug: formText(v, 'slug'),
    topic: formText(v, 'topic'),
    title: { zh: formText(v, 'title.zh'), en: formText(v, 'title.en') },
    body: { zh: formText(v, 'body.zh'), en: formText(v, 'body.en') },
    status: formText(v, 'status') ?? 'draft',
  };
}

function editorForm(c: PageContext, slug: string | null, values: FormValues, details: ErrorDetail[], status = 200) {
  const lang = c.get('lang');
  const errors = errorsByPath(details);
  const area = (name: string, label: string) => {
    const err = errors[name];
    const v = values[name];
    return (
      <div class="field">
        <label for={`f-${name}`}>{label}</label>
        <textarea id={`f-${name}`} name={name} rows={18} aria-invalid={err ? 'true' : undefined}>
          {Array.isArray(v) ? v[0] : (v ?? '')}
        </textarea>
        {err ? <p class="field-error">{err}</p> : null}
      </div>
    );
  };
  return render(
    c,
    slug ? t(lang, 'editor.edit') : t(lang, 'editor.new'),
    <>
      <h1>{slug ? t(lang, 'editor.edit') : t(lang, 'editor.new')}</h1>
      <p class="muted">{t(lang, 'editor.markdownHelp')}</p>
      <ErrorSummary lang={lang} messages={details.map((d) => d.message)} />
      <form method="post" action={slug ? `/app/editor/${slug}` : '/app/editor/new'} class="card" novalidate>
        {slug ? (
          <p>
            {t(lang, 'editor.slug')}: <code>{slug}</code> · <a href={`/app/articles/${slug}`}>{t(lang, 'editor.preview')}</a>
          </p>
        ) : (
          <TextField name="slug" label={t(lang, 'editor.slug')} hint={t(lang, 'editor.slugHint')} values={values} errors={errors} required />
        )}
        <div class="grid">
          <SelectField name="topic" label={t(lang, 'editor.topic')} values={values} errors={errors} options={ARTICLE_TOPICS.map((x) => ({ value: x, label: t(lang, `article.topic.${x}`) }))} />
          <SelectField name="status" label={t(lang, 'editor.status')} values={values} errors={errors} options={['draft', 'published'].map((s) => ({ value: s, label: t(lang, `editor.status.${s}`) }))} />
        </div>
        <TextField name="title.zh" label={t(lang, 'editor.titleZh')} values={values} errors={errors} required />
        <TextField name="title.en" label={t(lang, 'editor.titleEn')} values={values} errors={errors} required />
        {area('body.zh', t(lang, 'editor.bodyZh'))}
        {area('body.en', t(lang, 'editor.bodyEn'))}
        <p>
          <button type="submit">{t(lang, 'editor.save')}</button> <a href="/app/editor">{t(lang, 'plan.cancel')}</a>
        </p>
      </form>
    </>,
    { status, wide: true },
  );
}

export function registerEditorPages(app: Hono<AppEnv>): void {
  app.get('/app/editor', async (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const items = await listArticles(c.get('deps'), actor, { includeDrafts: true });
    return render(
      c,
      t(lang, 'nav.articles'),
      <>
        <h1>{t(lang, 'nav.articles')}</h1>
        <p>
          <a class="button" href="/app/editor/new">
            {t(lang, 'editor.new')}
          </a>
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(lang, 'editor.title')}</th>
                <th>{t(lang, 'editor.topic')}</th>
                <th>{t(lang, 'editor.status')}</th>
                <th>{t(lang, 'editor.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr>
                  <td>
                    <a href={`/app/editor/${a.slug}`}>{a.title[lang]}</a>
                  </td>
                  <td>{t(lang, `article.topic.${a.topic}`)}</td>
                  <td>
                    <span class={`badge ${a.status === 'published' ? 'green' : 'yellow'}`}>{t(lang, `editor.status.${a.status}`)}</span>
                  </td>
                  <td>{a.updatedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
      { wide: true },
    );
  });

  app.get('/app/editor/new', (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    return editorForm(c, null, { topic: 'basics', status: 'draft' }, []);
  });

  app.post('/app/editor/new', async (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const values = await readForm(c);
    const parsed = validate(articleCreateSchema, toBody(values), lang);
    if (!parsed.ok) return editorForm(c, null, values, parsed.details, 400);
    const { slug, ...input } = parsed.data;
    try {
      await saveArticle(c.get('deps'), requestContext(c), slug, input, 'create');
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return editorForm(c, null, values, [{ path: 'slug', message: t(lang, 'editor.slugTaken') }], 409);
      throw err;
    }
    return c.redirect(`/app/editor/${slug}`, 303);
  });

  app.get('/app/editor/:slug', async (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    const article = await getArticle(c.get('deps'), requestContext(c), c.req.param('slug'));
    const values: FormValues = {
      topic: article.topic,
      status: article.status,
      'title.zh': article.title.zh,
      'title.en': article.title.en,
      'body.zh': article.source?.zh,
      'body.en': article.source?.en,
    };
    return editorForm(c, article.slug, values, []);
  });

  app.post('/app/editor/:slug', async (c) => {
    const actor = pageActor(c, 'articles.edit');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const slug = c.req.param('slug');
    const values = await readForm(c);
    const { slug: _ignored, ...body } = toBody(values);
    const parsed = validate(articleSchema, body, lang);
    if (!parsed.ok) return editorForm(c, slug, values, parsed.details, 400);
    await saveArticle(c.get('deps'), requestContext(c), slug, parsed.data, 'update');
    return c.redirect(`/app/editor/${slug}`, 303);
  });
}
