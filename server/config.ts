// The one place that reads process.env: parsed once with zod, so a bad value stops the start
// with a message that names the variable.
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');

const settings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/asthma.db'),
  DEMO_DATABASE_PATH: z.string().min(1).default('data/demo.db'),
  // PostgreSQL (issue 33; docs/postgresql.md): when set, the server, the jobs and the migrations use
  // it instead of the SQLite file, the demo too.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database')
    .optional(),
  ADMIN_PASSWORD: z.string().min(10, 'ADMIN_PASSWORD must have at least 10 characters').optional(),
  DEMO_MODE: bool.default(false),
  // Unset: on for the real server, off for the demo (configSchema below).
  COOKIE_SECURE: bool.optional(),
  // The reverse proxy's own address: only a request whose socket comes from it may name its client in X-Forwarded-For.
  TRUST_PROXY: z
    .string()
    .refine((v) => v === '' || isIP(v) !== 0, 'TRUST_PROXY must be the IP address of the reverse proxy')
    .transform((v) => v || undefined)
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  // Sign-in throttling (server/auth/throttle.ts): failures within the window per username and per
  // client address before each further attempt waits, from LOGIN_DELAY_SECONDS doubling up to the cap.
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().positive().default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_DELAY_SECONDS: z.coerce.number().int().positive().default(30),
  LOGIN_MAX_DELAY_MINUTES: z.coerce.number().int().positive().default(15),
  REFERRAL_EMERGENCY_HOURS: z.coerce.number().positive().default(2),
  REFERRAL_URGENT_HOURS: z.coerce.number().positive().default(24),
  REFERRAL_ROUTINE_HOURS: z.coerce.number().positive().default(72),
  INDEX_CRON: z.string().min(1).default('0 6 * * *'),
  SCHEDULER: bool.default(true),
  WEATHER_URL: z.url().default('https://api.open-meteo.com/v1/forecast'),
  AIR_QUALITY_URL: z.url().default('https://air-quality-api.open-meteo.com/v1/air-quality'),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  // How long the public index is answered from memory before the index version is read again
  // (the answer itself allows shared caches 5 minutes); 0 reads it on every request.
  PUBLIC_INDEX_RECHECK_MS: z.coerce.number().int().min(0).max(300_000).default(1000),
  // Dashboard figures computed on a worker thread (when running from the build); false: on the request thread.
  INDICATOR_WORKER: bool.default(true),
  // Reads of a child's record on a worker thread (when running from the build). Once off by
  // default for the server's memory; since each thread's heap is sized (server/node-flags.ts) the
  // server stays under its memory target with it (test/bench/RESULTS.md, forenoon). false: on the
  // request thread, as running from sources always is.
  READ_WORKER: bool.default(true),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  // Webhooks to loopback/private addresses are refused (SSRF) unless a deployment allows them.
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  // Who push services may contact about our notifications (the VAPID "sub" claim): the
  // programme's mailbox or site. Unset: the stored value (a placeholder until an admin sets one).
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https:\/\/[^\s]+)$/, 'VAPID_SUBJECT must be a mailto: address or an https: URL')
    .optional(),
  // Parents reached by WeChat and SMS (issue 34, docs/notifications.md). A channel whose settings
  // are missing is simply off.
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  // 'template': template messages; 'subscribe': long-term subscription messages (where WeChat opened them to the service).
  WECHAT_MESSAGE_TYPE: z.enum(['template', 'subscribe']).default('template'),
  WECHAT_TEMPLATE_INDEX: z.string().min(1).optional(),
  WECHAT_TEMPLATE_DIARY: z.string().min(1).optional(),
  WECHAT_TEMPLATE_FOLLOWUP: z.string().min(1).optional(),
  WECHAT_TEMPLATE_URGENT: z.string().min(1).optional(),
  // The token set in the service account's server configuration: checks that a message (a bind code) came from WeChat.
  WECHAT_CALLBACK_TOKEN: z.string().min(3).optional(),
  // Where a tap on a WeChat message opens the family app (https://host); unset: the message has no link.
  APP_PUBLIC_URL: z.url().optional(),
  SMS_ENDPOINT: z.string().min(1).default('dysmsapi.aliyuncs.com'),
  SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SMS_SIGN_NAME: z.string().min(2).max(12).optional(),
  SMS_TEMPLATE_INDEX: z.string().min(1).optional(),
  SMS_TEMPLATE_DIARY: z.string().min(1).optional(),
  SMS_TEMPLATE_FOLLOWUP: z.string().min(1).optional(),
  SMS_TEMPLATE_URGENT: z.string().min(1).optional(),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

// The session cookie is Secure unless COOKIE_SECURE says otherwise, except in the demo: it serves
// plain HTTP, over which browsers refuse or withhold Secure cookies (other than on localhost), so
// `npm run demo` works from another machine on the LAN too.
export const configSchema = settings.transform((c) => ({ ...c, COOKIE_SECURE: c.COOKIE_SECURE ?? !c.DEMO_MODE }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Defaults for tests and tools: the schema's defaults with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Tests run their webhook receivers on 127.0.0.1; the guard itself has its own tests.
  // They also expect a change to the index to show at once.
  // And they speak plain HTTP through app.request, as the demo does.
  return { ...configSchema.parse({}), SCHEDULER: false, WEBHOOK_ALLOW_PRIVATE: true, PUBLIC_INDEX_RECHECK_MS: 0, COOKIE_SECURE: false, ...overrides };
}

/** Where the database is: DATABASE_URL when set (PostgreSQL), else the SQLite file. */
export const databaseLocation = (config: Config, demo = false): string => config.DATABASE_URL ?? (demo ? config.DEMO_DATABASE_PATH : config.DATABASE_PATH);
