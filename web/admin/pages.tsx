import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { requestContext } from '../../server/http/route';
import { validate } from '../../server/http/validation';
import { newUserBody } from '../../server/users/routes';
import { createUser, listUsers } from '../../server/users/service';
import { AppError } from '../../server/errors';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { errorsByPath, formText, SelectField, TextField, type FieldErrors, type FormValues } from '../forms';
import { pageActor, readForm, render, type PageContext } from '../render';
import { centreOptions, schoolOptions } from '../../server/reference/service';
import { auditLogPage } from '../../server/audit/log';

const ROLES = ['admin', 'manager', 'clinician', 'nurse', 'parent'] as const;

async function usersPage(c: PageContext, values: FormValues, errors: FieldErrors, messages: string[], status = 200) {
  const lang = c.get('lang');
  const deps = c.get('deps');
  const [users, centres, schools] = await Promise.all([listUsers(deps), centreOptions(deps), schoolOptions(deps)]);
  const orgName = new Map<string, string>([...centres.map((ce) => [ce.id, lang === 'en' ? ce.nameEn : ce.name] as const), ...schools.map((s) => [s.id, s.name] as const)]);
  return render(
    c,
    t(lang, 'nav.users'),
    <>
      <h1>{t(lang, 'nav.users')}</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(lang, 'admin.username')}</th>
              <th>{t(lang, 'admin.displayName')}</th>
              <th>{t(lang, 'admin.role')}</th>
              <th>{t(lang, 'admin.organisation')}</th>
              <th>{t(lang, 'admin.active')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{t(lang, `role.${u.role}`)}</td>
                <td>{orgName.get(u.centerId ?? u.schoolId ?? '') ?? '—'}</td>
                <td>{u.active ? t(lang, 'common.yes') : t(lang, 'common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card">
        <h2>{t(lang, 'admin.newUser')}</h2>
        <ErrorSummary lang={lang} messages={messages} />
        <form method="post" action="/admin/users" novalidate>
          <TextField name="username" label={t(lang, 'admin.username')} values={values} errors={errors} required autocomplete="off" />
          <TextField name="displayName" label={t(lang, 'admin.displayName')} values={values} errors={errors} required />
          <TextField name="password" type="password" label={t(lang, 'admin.password')} values={{}} errors={errors} required autocomplete="new-password" />
          <SelectField name="role" label={t(lang, 'admin.role')} values={values} errors={errors} required options={ROLES.map((r) => ({ value: r, label: t(lang, `role.${r}`) }))} />
          <SelectField name="centerId" label={t(lang, 'admin.centre')} values={values} errors={errors} options={[{ value: '', label: '—' }, ...centres.map((ce) => ({ value: ce.id, label: lang === 'en' ? ce.nameEn : ce.name }))]} />
          <SelectField name="schoolId" label={t(lang, 'admin.school')} values={values} errors={errors} options={[{ value: '', label: '—' }, ...schools.map((s) => ({ value: s.id, label: s.name }))]} />
          <p>
            <button type="submit">{t(lang, 'form.save')}</button>
          </p>
        </form>
      </section>
    </>,
    { status, wide: true },
  );
}

export function registerAdminPages(app: Hono<AppEnv>): void {
  app.get('/admin/users', async (c) => {
    const actor = pageActor(c, 'users.manage');
    if (actor instanceof Response) return actor;
    return usersPage(c, { role: 'clinician' }, {}, []);
  });

  app.post('/admin/users', async (c) => {
    const actor = pageActor(c, 'users.manage');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    const values = await readForm(c);
    const body = {
      username: formText(values, 'username'),
      displayName: formText(values, 'displayName'),
      password: typeof values.password === 'string' ? values.password : undefined,
      role: formText(values, 'role'),
      centerId: formText(values, 'centerId') ?? null,
      schoolId: formText(values, 'schoolId') ?? null,
    };
    const parsed = validate(newUserBody, body, lang);
    if (!parsed.ok)
      return usersPage(
        c,
        values,
        errorsByPath(parsed.details),
        parsed.details.map((d) => d.message),
        400,
      );
    try {
      await createUser(c.get('deps'), requestContext(c), parsed.data);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const details = err.details.length ? err.details : [{ path: 'username', message: err.message }];
      const localized = details.map((d) => ({ path: d.path, message: t(lang, d.message.startsWith('v.') ? d.message : `err.${err.code}`) }));
      return usersPage(
        c,
        values,
        errorsByPath(localized),
        localized.map((d) => d.message),
        err.status,
      );
    }
    return c.redirect('/admin/users', 303);
  });

  app.get('/admin/audit', async (c) => {
    const actor = pageActor(c, 'audit.read');
    if (actor instanceof Response) return actor;
    const lang = c.get('lang');
    // A 'before' that is no row id is ignored: the page starts at the newest row.
    const before = c.req.query('before');
    const { items: rows, nextCursor } = await auditLogPage(c.get('deps'), requestContext(c), { limit: 100, cursor: before && /^[1-9]\d{0,15}$/.test(before) ? before : undefined });
    return render(
      c,
      t(lang, 'nav.audit'),
      <>
        <h1>{t(lang, 'nav.audit')}</h1>
        <p class="muted">{t(lang, 'admin.auditHint')}</p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t(lang, 'admin.at')}</th>
                <th>{t(lang, 'admin.role')}</th>
                <th>{t(lang, 'admin.action')}</th>
                <th>{t(lang, 'admin.entity')}</th>
                <th>{t(lang, 'admin.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{r.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{r.role ?? '—'}</td>
                  <td>{r.action}</td>
                  <td>
                    {r.entity} <span class="muted">{r.entityId ?? ''}</span>
                  </td>
                  <td>{r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nextCursor ? (
          <p class="pager">
            <a href={`/admin/audit?before=${nextCursor}`}>{t(lang, 'common.next')}</a>
          </p>
        ) : null}
      </>,
      { wide: true },
    );
  });
}
