// The admin jobs page: start the asthma-index run, see recent runs with their errors.
import type { Lang } from '../../server/context';
import type { JobRunDto } from '../../server/asthma-index/service';
import { t } from '../i18n';
import { ErrorSummary } from '../layout';
import { DistrictOptions, localTime } from './parts';

const STATUS_BADGE: Record<JobRunDto['status'], string> = { running: 'yellow', ok: 'green', failed: 'red', abandoned: 'red' };

export function JobRunsTable(props: { lang: Lang; runs: JobRunDto[]; withError?: boolean }) {
  const { lang } = props;
  if (props.runs.length === 0) return <p>{t(lang, 'jobs.none')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t(lang, 'jobs.startedAt')}</th>
            <th>{t(lang, 'jobs.trigger')}</th>
            <th>{t(lang, 'jobs.status')}</th>
            <th>{t(lang, 'jobs.rows')}</th>
            <th>{t(lang, 'jobs.finishedAt')}</th>
            {props.withError ? <th>{t(lang, 'jobs.error')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr>
              <td>{localTime(r.startedAt)}</td>
              <td>{t(lang, `jobs.trigger.${r.trigger}`)}</td>
              <td>
                <span class={`badge ${STATUS_BADGE[r.status]}`}>{t(lang, `jobs.status.${r.status}`)}</span>
              </td>
              <td>{r.rows}</td>
              <td>{localTime(r.finishedAt)}</td>
              {props.withError ? <td>{r.error ?? ''}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function JobsPage(props: { lang: Lang; runs: JobRunDto[]; started: { id: string; already: boolean } | null; errors: string[]; form: { date?: string; district?: string } }) {
  const { lang } = props;
  return (
    <>
      <h1>{t(lang, 'jobs.title')}</h1>
      {props.started ? (
        <p class="notice" role="status">
          {t(lang, props.started.already ? 'jobs.alreadyRunning' : 'jobs.started', { id: props.started.id })}
        </p>
      ) : null}
      <section class="card" aria-labelledby="run-heading">
        <h2 id="run-heading">{t(lang, 'jobs.run')}</h2>
        <p class="muted">{t(lang, 'jobs.runHint')}</p>
        <ErrorSummary lang={lang} messages={props.errors} />
        <form method="post" action="/admin/jobs/run">
          <label for="date">{t(lang, 'jobs.date')}</label>
          <input id="date" name="date" type="date" value={props.form.date ?? ''} />
          <label for="district">{t(lang, 'jobs.district')}</label>
          <select id="district" name="district">
            <DistrictOptions lang={lang} selected={props.form.district} includeEmpty={t(lang, 'jobs.allDistricts')} />
          </select>
          <label class="check">
            <input type="checkbox" name="offline" value="1" /> {t(lang, 'jobs.offline')}
          </label>
          <p>
            <button type="submit">{t(lang, 'jobs.start')}</button>
          </p>
        </form>
      </section>
      <section class="card" aria-labelledby="runs-heading">
        <h2 id="runs-heading">{t(lang, 'jobs.recent')}</h2>
        <JobRunsTable lang={lang} runs={props.runs} withError />
      </section>
    </>
  );
}
