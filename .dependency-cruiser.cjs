// The house plan's import rules (issue 32, docs/architecture.md). `npm run lint` fails on a new
// violation; the debts that remain are listed by name in .dependency-cruiser-known-violations.json
// (regenerate with `npm run lint:baseline` only when one is paid off, never to admit a new one).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'catalogue-is-a-leaf',
      severity: 'error',
      comment: 'Every layer may import the message catalogue, so it imports nothing of theirs.',
      from: { path: '^web/i18n/' },
      to: { path: '^(server|web|jobs|db)/', pathNot: '^web/i18n/' },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration carries its own data: what it installs must not change when the app does.',
      from: { path: '^db/migrations/' },
      to: { path: '^(server|web|jobs|db)/', pathNot: '^db/migrations/' },
    },
    {
      name: 'db-is-the-bottom',
      severity: 'error',
      comment: 'db/ (connection, schema, migrations) imports nothing above it.',
      from: { path: '^db/' },
      to: { path: '^(server|web|jobs)/' },
    },
    {
      name: 'driver-stays-in-db',
      severity: 'error',
      comment:
        'The storage seam (db/connection.ts): features see Kysely and the seam, never the database driver or the SQLite-only devices behind it, so another dialect can take its place.',
      from: { path: '^(server|web|jobs)/' },
      to: { path: '^(db/(sqlite|postgres)/|node_modules/(better-sqlite3|pg)/)' },
    },
    {
      name: 'nothing-imports-jobs',
      severity: 'error',
      comment: 'jobs/ holds the scheduler, the CLI and senders; features live in server/. Only entry points start jobs.',
      from: { path: '^(server|web|db)/', pathNot: '^server/main\\.ts$' },
      to: { path: '^jobs/' },
    },
    {
      name: 'server-does-not-render',
      severity: 'error',
      comment: 'Services never import pages; only the app wiring mounts them.',
      from: { path: '^server/', pathNot: '^server/(app|main)\\.ts$' },
      to: { path: '^web/', pathNot: '^web/i18n/' },
    },
    {
      name: 'sms-sdk-loads-lazily',
      severity: 'error',
      comment:
        'The Alibaba Cloud SMS SDK and what it pulls in (~9 MB of heap) load with import() on the first SMS (server/notifications/sms.ts), not in every thread that imports the notification service.',
      from: { path: '^(server|web|jobs|db)/' },
      to: { path: '^node_modules/@alicloud/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'pg-loads-lazily',
      severity: 'error',
      comment: 'A server on SQLite never loads the PostgreSQL driver: db/postgres/driver.ts loads it with import() when a PostgreSQL database is opened.',
      from: { path: '^(server|web|jobs|db)/' },
      to: { path: '^node_modules/pg/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'no-tests-in-the-product',
      severity: 'error',
      from: { path: '^(server|web|jobs|db|scripts)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The drivers and the SMS SDK are in, so driver-stays-in-db and sms-sdk-loads-lazily see them; the rest of node_modules is not.
    includeOnly: '^((server|web|jobs|db|scripts)/|node_modules/(better-sqlite3|pg|@alicloud)/)',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
