// Owns configuration: the only module that reads process.env. Every variable is
// validated up front and a bad one fails fast with a one-line message naming it, never with a
// secret's value (tokens are not shown, URLs are shown without their password).
import { redactSecrets } from '@newsq/core';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const redisUrl = z
  .string()
  .url()
  .refine((value) => /^rediss?:$/.test(new URL(value).protocol), 'must start with redis:// or rediss://');
const databaseUrl = z
  .string()
  .refine(
    (value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/[^/]+/.test(value),
    'must be postgres://user:pass@host:port/db or sqlite:<path>',
  );
// ':' separates BullMQ key segments, so the prefix may not contain one.
const prefix = z.string().regex(/^[A-Za-z0-9_{}.-]+$/, 'may only contain letters, digits, _ . - { }');

/** Each variable, its schema and default. Names follow REDIS_URL, DATABASE_URL, <STAGE>_<KNOB>. */
const variables = {
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  NEWSQ_PREFIX: prefix.default('newsq'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/newsq.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEWSQ_ATTEMPTS: int(1, 100).default(6),
  NEWSQ_BACKOFF_BASE_MS: int(10).default(2_000),
  NEWSQ_BACKOFF_MAX_MS: int(100).default(15 * 60_000),
  // Completed jobs keep their payloads (an extract job holds its page): a few to inspect, not a Redis archive.
  NEWSQ_KEEP_COMPLETED: int(0).default(100),
  NEWSQ_KEEP_FAILED_DAYS: int(1, 365).default(14),
  NEWSQ_KEEP_FAILED_COUNT: int(100).default(50_000),
  NEWSQ_SHUTDOWN_TIMEOUT_MS: int(100).default(30_000),
  FEED_POLL_CONCURRENCY: int(1, 1000).default(10),
  FEED_POLL_MIN_INTERVAL_S: int(1).default(300),
  FEED_POLL_MAX_INTERVAL_S: int(60).default(86_400),
  FEED_POLL_SCHEDULE_EVERY_MS: int(100).default(10_000),
  FEED_POLL_UNHEALTHY_AFTER: int(1, 1000).default(5),
  FEED_POLL_MAX_BYTES: int(1024).default(10 * 1024 * 1024),
  ARTICLE_FETCH_CONCURRENCY: int(1, 1000).default(20),
  FETCH_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  FETCH_ALLOWED_PRIVATE_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    )
    .pipe(
      z.array(
        z.string().regex(/^[A-Za-z0-9.[\]:-]+$/, 'must be a comma-separated list of host or host:port'),
      ),
    )
    .default([]),
  FETCH_USER_AGENT: z.string().min(1).default('newsq/0.1 (+https://github.com/newsq/newsq)'),
  FETCH_TIMEOUT_MS: int(100).default(30_000),
  FETCH_MAX_BYTES: int(1024).default(5 * 1024 * 1024),
  FETCH_MAX_REDIRECTS: int(0, 20).default(5),
  FETCH_RESPECT_ROBOTS: bool.default(true),
  FETCH_HOST_CONCURRENCY: int(1, 100).default(2),
  // A floor between request starts; the real pacing comes from the delay factor, which slows down for a
  // host in proportion to its response times (a site answering in 300 ms gets a request every ~1.5 s).
  FETCH_HOST_MIN_DELAY_MS: int(0).default(250),
  FETCH_HOST_DELAY_FACTOR: z.coerce.number().min(0).max(100).default(4),
  EXTRACT_CONCURRENCY: int(1, 1000).default(4),
  EXTRACT_THREADS: int(0, 64).default(0),
  EXTRACT_TIME_BUDGET_MS: int(100).default(15_000),
  DEDUPE_CONCURRENCY: int(1, 1000).default(10),
  DEDUPE_RETENTION_DAYS: int(1, 3650).default(30),
  DEDUPE_ARTICLES_PER_DAY: int(1).default(5_000),
  TAG_CONCURRENCY: int(1, 1000).default(10),
  TAG_TAXONOMY_PATH: z.string().min(1).optional(),
  STORE_CONCURRENCY: int(1, 1000).default(10),
  // Each entry holds a whole article, text and tags (5-10 KB): 10,000 is two days at 5,000 a day, 50-100 MB.
  STORE_STREAM_MAX_LENGTH: int(100).default(10_000),
  STORE_PUBLISH_DUPLICATES: bool.default(false),
  WEBHOOK_URL: z
    .string()
    .url()
    .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL')
    .optional(),
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_TIMEOUT_MS: int(100).default(10_000),
  WEBHOOK_CONCURRENCY: int(1, 1000).default(20),
  WEBHOOK_SUBSCRIPTION_CONCURRENCY: int(1, 1000).default(2),
  WEBHOOK_AUTO_PAUSE_AFTER: int(1, 1_000_000).default(20),
  WEBSUB_CALLBACK_BASE_URL: z
    .string()
    .url()
    .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL')
    .optional(),
  WEBSUB_POLL_INTERVAL_S: int(60).default(21_600),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: int(0, 65535).default(8080),
  API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  API_STREAM_MAX_CLIENTS: int(1, 100_000).default(100),
  METRICS_PORT: int(0, 65535).optional(),
  // Loopback unless configured: worker metrics are for a scraper beside the worker (container, host).
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
} as const;

export type VariableName = keyof typeof variables;
/** Variables whose whole value is a secret: an error names them without any of the value. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set<VariableName>(['API_TOKEN', 'WEBHOOK_SECRET']);
export const VARIABLE_NAMES = Object.keys(variables) as VariableName[];
const schema = z.object(variables);
export type Config = z.infer<typeof schema>;

/** Prefixes newsq owns: an unknown variable under one of them is almost always a typo. */
// Generic prefixes (API_, TAG_, STORE_) are left out: other software sets variables like API_KEY.
const OWNED_PREFIXES = [
  'NEWSQ_',
  'FEED_POLL_',
  'ARTICLE_FETCH_',
  'FETCH_',
  'EXTRACT_',
  'DEDUPE_',
  'WEBHOOK_',
  'WEBSUB_',
];

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const unknown = Object.keys(env).filter(
    (name) => OWNED_PREFIXES.some((owned) => name.startsWith(owned)) && !(name in variables),
  );
  if (unknown.length > 0) {
    throw new ConfigError(
      `config: unknown variable ${unknown.join(', ')} (see the configuration table in README.md)`,
    );
  }
  const present = Object.fromEntries(
    Object.keys(variables)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? '' : `=${JSON.stringify(redactSecrets(env[name] ?? ''))}`;
    throw new ConfigError(`config: ${name}${shown} is invalid: ${issue.message}`);
  }
  if (result.data.WEBHOOK_URL !== undefined && result.data.WEBHOOK_SECRET === undefined) {
    throw new ConfigError(
      'config: WEBHOOK_SECRET is required when WEBHOOK_URL is set (deliveries are signed)',
    );
  }
  return result.data;
}
