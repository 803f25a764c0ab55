import addressparser from 'nodemailer/lib/addressparser';
import ms, { type StringValue } from 'ms';
import { z } from 'zod';
import { retentionOverrides } from './state/retentionDays';

/** Locales the product ships reply templates and language understanding for. */
export const KNOWN_LOCALES = ['en', 'de', 'pl'] as const;
export type Locale = (typeof KNOWN_LOCALES)[number];

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());
const port = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));
const optionalPort = z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional());
const bool = (fallback: boolean) =>
  z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1'));
const localeList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default(KNOWN_LOCALES.join(','))
    .transform((s) => s.split(',').map((l) => l.trim().toLowerCase()).filter((l) => l.length > 0))
    .pipe(z.array(z.enum(KNOWN_LOCALES)).min(1)),
);

const timeZone = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('Europe/Berlin')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin'),
);

const agentList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('')
    .transform((s) => s.split(',').map((pair) => pair.trim()).filter((pair) => pair.length > 0))
    .pipe(
      z.array(
        z.string().regex(/^[^:]+:.{16,}$/, 'each entry must be name:token with a token of at least 16 characters'),
      ),
    )
    .transform((pairs) =>
      pairs.map((pair) => {
        const at = pair.indexOf(':');
        return { name: pair.slice(0, at), token: pair.slice(at + 1) };
      }),
    ),
);

/** One REMINDER_OFFSETS entry: as written ("24h", for job ids) and in ms. */
export interface ReminderOffset {
  label: string;
  ms: number;
}

/** "24h,2h" (the default): how long before an appointment each reminder goes out, longest first; "off" for none. */
const reminderOffsets = z.preprocess(
  (value) => (value === undefined || value === '' ? '24h,2h' : value),
  z
    .string()
    .transform((s) => (s.trim().toLowerCase() === 'off' ? [] : s.split(',')).map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(
      z.array(
        z
          .string()
          .regex(/^\d+\s*[mhd]$/u, 'each offset must be minutes, hours or days before the appointment, such as 30m, 2h or 1d')
          .transform((label): ReminderOffset => ({ label: label.replace(/\s+/gu, ''), ms: ms(label.replace(/\s+/gu, '') as StringValue) })),
      ),
    )
    .transform((offsets) => [...new Map(offsets.filter((o) => o.ms > 0).map((o) => [o.ms, o])).values()].sort((a, b) => b.ms - a.ms)),
);

/** QUIET_HOURS: when the bot does not speak first, as minutes after local midnight; `from` after `to` spans midnight. */
export interface QuietHours {
  from: number;
  to: number;
}

const clockTime = (text: string): number | undefined => {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/u.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
};

/** "21:00-08:00" (the default); "off" for none. */
const quietHours = z.preprocess(
  (value) => (value === undefined || value === '' ? '21:00-08:00' : value),
  z.string().transform((raw, ctx): QuietHours | undefined => {
    if (raw.trim().toLowerCase() === 'off') return undefined;
    const [from, to, ...rest] = raw.split('-').map(clockTime);
    if (from === undefined || to === undefined || rest.length > 0 || from === to) {
      ctx.addIssue({ code: 'custom', message: 'must be two different times of day, such as 21:00-08:00, or "off"' });
      return z.NEVER;
    }
    return { from, to };
  }),
);

/** A mail address with its optional display name, as `EMAIL_FROM` is given. */
export interface MailAddress {
  address: string;
  name: string | undefined;
}

/**
 * `Name <address>` (the usual From form) or a bare address. Split here because the SMTP envelope,
 * the Message-ID domain and the loop guard need the bare address, and only the header wants the
 * name; nodemailer's own parser is lenient, so whatever it makes of extra text is refused. The
 * address itself is only checked for shape (local@domain): relays accept shop@localhost and IDN
 * domains that a strict e-mail pattern refuses.
 */
const mailAddress = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((raw, ctx): MailAddress => {
      const text = raw.trim();
      const parsed = addressparser(text, { flatten: false });
      const only = parsed.length === 1 ? parsed[0] : undefined;
      const address = only?.address ?? '';
      const whole = text === address || text.endsWith(`<${address}>`);
      if (!only || !whole || !/^[^\s@<>]+@[^\s@<>]+$/.test(address)) {
        ctx.addIssue({ code: 'custom', message: `must be an address (shop@example.com) or Name <shop@example.com>, got "${raw}"` });
        return z.NEVER;
      }
      const name = only.name.trim();
      return { address, name: name === '' ? undefined : name };
    })
    .optional(),
);

/** Every environment variable the server reads, with its default; design.md lists the same names. */
const envSchema = z.object({
  PORT: port(3978),
  /** Unset: see `defaultHost`. */
  HOST: optionalString,
  PUBLIC_URL: optionalUrl,
  SHOP_NAME: z.preprocess(emptyAsUndefined, z.string().max(80).default('Switchboard Demo Shop')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().default('development')),
  DEFAULT_LOCALE: z.preprocess(emptyAsUndefined, z.enum(KNOWN_LOCALES).default('en')),
  SUPPORTED_LOCALES: localeList,
  TIMEZONE: timeZone,
  STORAGE: z.preprocess(emptyAsUndefined, z.enum(['file', 'cosmos', 'memory']).default('file')),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.data')),
  COSMOS_ENDPOINT: optionalUrl,
  COSMOS_KEY: optionalString,
  COSMOS_DATABASE: z.preprocess(emptyAsUndefined, z.string().default('switchboard')),
  COSMOS_CONTAINER: z.preprocess(emptyAsUndefined, z.string().default('state')),
  COSMOS_DEFAULT_TTL: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(-1).optional()),
  AZURE_CLIENT_ID: optionalString,
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(emptyAsUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalString,
  ALLOW_ANONYMOUS_BOT_FRAMEWORK: bool(false),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_ROOT: z.preprocess(emptyAsUndefined, z.url().default('https://api.telegram.org')),
  TELEGRAM_MODE: z.preprocess(emptyAsUndefined, z.enum(['webhook', 'polling']).optional()),
  MESSENGER_PAGE_ACCESS_TOKEN: optionalString,
  MESSENGER_APP_SECRET: optionalString,
  MESSENGER_VERIFY_TOKEN: optionalString,
  MESSENGER_GRAPH_API_URL: z.preprocess(emptyAsUndefined, z.url().default('https://graph.facebook.com/v21.0')),
  EMAIL_IMAP_HOST: optionalString,
  EMAIL_IMAP_PORT: optionalPort,
  EMAIL_IMAP_SECURE: bool(true),
  EMAIL_SMTP_HOST: optionalString,
  EMAIL_SMTP_PORT: optionalPort,
  EMAIL_SMTP_SECURE: bool(true),
  EMAIL_USER: optionalString,
  EMAIL_PASSWORD: optionalString,
  EMAIL_FROM: mailAddress,
  EMAIL_MAILBOX: z.preprocess(emptyAsUndefined, z.string().default('INBOX')),
  WEBCHAT_TOKEN_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  INBOX_AGENTS: agentList,
  BUSINESS_HOURS: optionalString,
  REMINDER_OFFSETS: reminderOffsets,
  QUIET_HOURS: quietHours,
  MARKETING_PER_WEEK: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100).default(2)),
  EVENTS_SECRET: z.preprocess(emptyAsUndefined, z.string().min(24, 'must be at least 24 characters').optional()),
  OPERATOR_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(24, 'must be at least 24 characters').optional()),
  RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(3650).default(90)),
  RETENTION_DAYS_BY_KIND: retentionOverrides,
  HANDOVER_CLAIM_TIMEOUT_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1440).default(10)),
  EMAIL_POLL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(5).max(3600).default(60)),
  EMAIL_PROCESSED_MAILBOX: optionalString,
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  CALDAV_URL: optionalUrl,
  CALDAV_CALENDAR_URL: optionalUrl,
  CALDAV_USERNAME: optionalString,
  CALDAV_PASSWORD: optionalString,
  ORDERS_API_URL: optionalUrl,
  ORDERS_API_TOKEN: optionalString,
  METRICS_TOKEN: optionalString,
  // Set by App Service itself (never by us); their presence says where the server runs.
  WEBSITE_SITE_NAME: optionalString,
  WEBSITE_INSTANCE_ID: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/** The typed configuration the whole server is built from; `loadConfig` is its only source. */
export interface Config {
  env: Env;
  port: number;
  host: string;
  production: boolean;
  defaultLocale: Locale;
  supportedLocales: Locale[];
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`loadConfig(): invalid environment:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses an environment (process.env by default, after `.env` is loaded by the caller) into a
 * Config. A bad value throws ConfigError naming each offending variable.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const unresolved = unresolvedKeyVaultReferences(source);
  if (unresolved.length > 0) throw new ConfigError(unresolved);
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (!env.SUPPORTED_LOCALES.includes(env.DEFAULT_LOCALE)) {
    problems.push(`DEFAULT_LOCALE: "${env.DEFAULT_LOCALE}" is not in SUPPORTED_LOCALES (${env.SUPPORTED_LOCALES.join(',')})`);
  }
  if (env.STORAGE === 'cosmos' && !env.COSMOS_ENDPOINT) {
    problems.push('COSMOS_ENDPOINT: required when STORAGE=cosmos');
  }
  if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (env.CALDAV_URL && (!env.CALDAV_USERNAME || !env.CALDAV_PASSWORD)) {
    problems.push('CALDAV_USERNAME, CALDAV_PASSWORD: required when CALDAV_URL is set (the calendar account)');
  }
  if (env.ORDERS_API_URL && !env.ORDERS_API_TOKEN) {
    problems.push('ORDERS_API_TOKEN: required when ORDERS_API_URL is set (the order system\'s bearer token)');
  }
  if (env.ALLOW_ANONYMOUS_BOT_FRAMEWORK && env.NODE_ENV === 'production') {
    problems.push('ALLOW_ANONYMOUS_BOT_FRAMEWORK: for tests only; in production it would let anyone post as any channel\'s customer');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env,
    port: env.PORT,
    host: env.HOST ?? defaultHost(env),
    production: env.NODE_ENV === 'production',
    defaultLocale: env.DEFAULT_LOCALE,
    supportedLocales: env.SUPPORTED_LOCALES,
  };
}

/**
 * Where to listen without HOST: only this machine for a local start, so the bot, /inbox and
 * /metrics are not offered to every network the laptop joins; all interfaces on App Service,
 * whose front end reaches the app from outside the container. Containers elsewhere set HOST
 * themselves (the Dockerfile does): config looks at nothing but the environment.
 */
export function defaultHost(env: Pick<Env, 'WEBSITE_SITE_NAME' | 'WEBSITE_INSTANCE_ID'>): string {
  return env.WEBSITE_SITE_NAME || env.WEBSITE_INSTANCE_ID ? '0.0.0.0' : '127.0.0.1';
}

/**
 * App Service replaces `@Microsoft.KeyVault(...)` settings with the secret's value, but leaves the
 * reference text as it is when it cannot read the secret (identity without access, secret or vault
 * missing). Starting with that text as a password or token fails later and obscurely, so say it now.
 */
function unresolvedKeyVaultReferences(source: NodeJS.ProcessEnv): string[] {
  return Object.keys(envSchema.shape)
    .filter((name) => /^\s*@Microsoft\.KeyVault\(/i.test(source[name] ?? ''))
    .map(
      (name) =>
        `${name}: still an unresolved Key Vault reference (${source[name]}); give the web app's identity the "Key Vault Secrets User" role on the vault and check the secret exists (Azure portal: Environment variables shows the reference status)`,
    );
}

/** The names of every variable loadConfig reads (documentation and drift tests use this). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);
