// Migrates the template every test database of `npm run test:pg` is copied from (test/helpers/pg.ts).
import { createDatabase } from '../../db/connection';
import { recreateTemplate, testDatabaseUrl } from '../helpers/pg';

export default async function setup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) throw new Error('npm run test:pg needs TEST_DATABASE_URL (scripts/test-pg.mjs starts a throwaway cluster and sets it)');
  await recreateTemplate(url, async (templateUrl) => {
    const opened = await createDatabase({ path: templateUrl, migrate: true });
    await opened.close();
  });
}
