import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';
import { CronTime } from 'cron';

/** Validated application configuration, read once at boot. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** null: start the embedded PostgreSQL. */
  readonly databaseUrl: string | null;
  /**
   * The application role's URL (row-level security applies to it); null: derived from the owner
   * URL (DATABASE_URL or the embedded one) with the role `shingikai_app` (src/database/app-role.ts).
   */
  readonly appDatabaseUrl: string | null;
  readonly embeddedPgPort: number;
  /** `shared_buffers` of the embedded PostgreSQL, as PostgreSQL writes it (`512MB`); undefined: its default. */
  readonly embeddedPgSharedBuffers: string | undefined;
  readonly dataDir: string;
  readonly jwtSecret: string;
  /** Token lifetime in seconds. */
  readonly tokenTtlSeconds: number;
  readonly loginMaxAttempts: number;
  readonly lockoutMinutes: number;
  readonly sampleData: boolean;
  readonly logLevel: string;
  readonly jsonBodyLimit: string;
  readonly cookieSecure: boolean;
  /** Handlebars views and document templates. */
  readonly templatesDir: string;
  /** Sample data loaded into an empty database when sampleData is on. */
  readonly seedsDir: string;
  /** PDF rendering: pages rendering at once in the shared browser. */
  readonly renderConcurrency: number;
  /** PDF rendering: limit for one document, queue wait excluded. */
  readonly renderTimeoutMs: number;
  /**
   * PDF rendering: the browser's nice value (0–19; default 10). Printing yields the CPU to the
   * requests people wait on (lists, searches, saves) and uses what they leave.
   */
  readonly renderNice: number;
  /** PDF rendering: a system Chromium / chrome-headless-shell to use instead of @sparticuz/chromium. */
  readonly chromePath: string | null;
  /**
   * Where the provisioned fonts and the unpacked Chromium are kept (default DATA_DIR); instances
   * and test apps pointing at the same folder share them.
   */
  readonly cacheDir: string;
  /**
   * `boot`: launch and warm the browser while the application starts (production default).
   * `lazy`: the first render launches it (test apps, which mostly never print).
   */
  readonly rendererStart: 'boot' | 'lazy';
  /**
   * `inline`: this process prints its own PDFs on its browser. `queue`: PDF jobs go through the
   * PostgreSQL queue (pg-boss) and are printed by whichever consumer takes them.
   */
  readonly renderMode: 'inline' | 'queue';
  /** Queue mode: whether this app instance also consumes render jobs (`npm run worker` always does). */
  readonly renderWorker: boolean;
  /** Queue mode: the longest a request waits for its queued job (queue wait, attempts and retry). */
  readonly renderQueueTimeoutMs: number;
  /** smtp(s)://user:pass@host:port to mail notifications; null: in-app notifications only. */
  readonly smtpUrl: string | null;
  /** Sender address of notification mails. */
  readonly smtpFrom: string;
  /** Minutes between scans for conditions due soon or overdue; 0 turns the scan off. */
  readonly deadlineScanMinutes: number;
  /** Minutes confirmation scan (reminders before the deadline, silence after it); 0 = off. */
  readonly minutesScanMinutes: number;
  /** Minutes between log lines recording the audit chain's head (an anchor outside the table); 0 = off. */
  readonly auditAnchorMinutes: number;
  readonly backup: BackupConfig;
  /**
   * Cron expression (BACKUP_TIMEZONE) of the purge of the bin (items deleted over 30 days ago);
   * null: not scheduled in this process (default in tests).
   */
  readonly binPurgeSchedule: string | null;
  readonly rateLimit: RateLimitConfig;
  /** CIDR ranges allowed into `/admin` and `/api/admin`; null: no restriction. */
  readonly adminAllowedIps: readonly string[] | null;
  /**
   * Where citizens reach the public portal (scheme, host, optional path; no trailing slash): the
   * feed's links, 「引用する」 and other absolute URLs start with it, never with the request's Host
   * header (a proxy may rewrite it, anyone may forge it). Default: `http://localhost:<PORT>`.
   */
  readonly publicBaseUrl: string;
}

export interface BackupConfig {
  /** Where backups are written (default `DATA_DIR/backups`). */
  readonly dir: string;
  /** Cron expression of the nightly backup; null: no schedule in this process. */
  readonly schedule: string | null;
  readonly timeZone: string;
  /** Successful backups kept; older ones are deleted after each backup. */
  readonly keep: number;
}

export interface RateLimitConfig {
  /** Login attempts per minute for one IP address and user name. */
  readonly loginPerMinute: number;
  /** API requests per minute for one IP address. */
  readonly apiPerMinute: number;
  /** Requests to the public pages (`/public/…`) per minute for one IP address, apart from the above. */
  readonly publicPerMinute: number;
  /** Public PDF downloads this instance starts per second, all addresses together (the rest wait their turn). */
  readonly publicPdfPerSecond: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`設定エラー: ${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `は整数で指定してください（値: "${raw}"）`);
  const n = Number(raw);
  if (n < min || n > max)
    throw new ConfigError(name, `は ${min}〜${max} の範囲で指定してください（値: ${n}）`);
  return n;
}

/** A PostgreSQL memory setting: a whole number and kB, MB or GB (`512MB`). */
function memorySize(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[1-9]\d*(kB|MB|GB)$/.test(raw))
    throw new ConfigError(
      name,
      `は 512MB や 2GB のように、整数と単位（kB・MB・GB）で指定してください（値: "${raw}"）`,
    );
  return raw;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `は true / false で指定してください（値: "${raw}"）`);
}

/** Parses durations such as "8h", "30m", "3600", "3600s", "1d" into seconds. */
export function parseDuration(name: string, raw: string): number {
  const m = /^(\d+)\s*([smhd]?)$/i.exec(raw.trim());
  if (!m) throw new ConfigError(name, `は 8h / 30m / 3600 のような期間で指定してください（値: "${raw}"）`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2].toLowerCase()] ?? 1;
  const seconds = Number(m[1]) * unit;
  if (seconds < 60 || seconds > 7 * 86400)
    throw new ConfigError(name, 'は 1分以上 7日以下で指定してください');
  return seconds;
}

/** The URL as typed, or null where it is not one. */
function urlOrNull(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** An optional URL setting (null when unset): one of `protocols` and `complete`, or a ConfigError showing `format`. */
function optionalUrl(
  env: Env,
  name: string,
  rule: { protocols: string[]; complete: (url: URL) => boolean; format: string },
): string | null {
  const raw = env[name]?.trim() || null;
  if (raw === null) return null;
  const url = urlOrNull(raw);
  if (!url || !rule.protocols.includes(url.protocol) || !rule.complete(url))
    throw new ConfigError(name, `は ${rule.format} の形式で指定してください`);
  return raw;
}

/** A cron setting in `timeZone`: null when turned off (empty, off, false, none), or a ConfigError with `message`. */
function cronSchedule(name: string, raw: string, timeZone: string, message: string): string | null {
  if (['', 'off', 'false', 'none'].includes(raw.toLowerCase())) return null;
  try {
    new CronTime(raw, timeZone);
  } catch {
    throw new ConfigError(name, message);
  }
  return raw;
}

/**
 * Builds the configuration from environment variables. Pure except for the development
 * JWT secret, which is generated once and kept under DATA_DIR so tokens survive restarts.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(
      'NODE_ENV',
      `は development / production / test のいずれかです（値: "${nodeEnvRaw}"）`,
    );
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    const url = urlOrNull(databaseUrl);
    if (!url)
      throw new ConfigError('DATABASE_URL', 'は postgres://user:pass@host:5432/db の形式で指定してください');
    if (!['postgres:', 'postgresql:'].includes(url.protocol)) {
      throw new ConfigError('DATABASE_URL', 'は postgres:// または postgresql:// で始めてください');
    }
  }

  const appDatabaseUrl = optionalUrl(env, 'APP_DATABASE_URL', {
    protocols: ['postgres:', 'postgresql:'],
    complete: (url) => !!url.username,
    format: 'postgres://アプリ用ロール:pass@host:5432/db',
  });
  if (appDatabaseUrl !== null && databaseUrl === null)
    throw new ConfigError('APP_DATABASE_URL', 'は DATABASE_URL（所有者のロール）と一緒に指定してください');

  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')).trim();
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `は ${LOG_LEVELS.join(' / ')} のいずれかです`);

  const jsonBodyLimit = (env.JSON_BODY_LIMIT ?? '1mb').trim();
  if (!/^\d+(kb|mb)$/i.test(jsonBodyLimit))
    throw new ConfigError('JSON_BODY_LIMIT', 'は 1mb や 512kb の形式です');

  const smtpUrl = optionalUrl(env, 'SMTP_URL', {
    protocols: ['smtp:', 'smtps:'],
    complete: (url) => !!url.hostname,
    format: 'smtp://user:pass@host:587 または smtps://host:465',
  });
  const smtpFrom = (env.SMTP_FROM ?? 'shingikai@localhost').trim();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(smtpFrom))
    throw new ConfigError('SMTP_FROM', `はメールアドレスで指定してください（値: "${smtpFrom}"）`);

  let jwtSecret = env.JWT_SECRET?.trim() ?? '';
  if (jwtSecret === '') {
    if (production) throw new ConfigError('JWT_SECRET', 'は本番環境（NODE_ENV=production）では必須です');
    jwtSecret = developmentSecret(dataDir);
  } else if (jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'は 32 文字以上にしてください');
  }

  const chromePath = env.CHROME_PATH?.trim() ? resolve(env.CHROME_PATH.trim()) : null;
  if (chromePath !== null && !existsSync(chromePath)) {
    throw new ConfigError('CHROME_PATH', `のファイルが見つかりません（値: "${chromePath}"）`);
  }
  const rendererStart = (env.RENDERER_START ?? 'boot').trim();
  if (rendererStart !== 'boot' && rendererStart !== 'lazy')
    throw new ConfigError('RENDERER_START', `は boot または lazy です（値: "${rendererStart}"）`);
  const renderTimeoutMs = int(env, 'RENDER_TIMEOUT_MS', 30000, 1000, 600000);
  const renderMode = (env.RENDER_MODE ?? 'inline').trim();
  if (renderMode !== 'inline' && renderMode !== 'queue')
    throw new ConfigError('RENDER_MODE', `は inline または queue です（値: "${renderMode}"）`);
  const backupScheduleRaw = (env.BACKUP_SCHEDULE ?? (nodeEnv === 'test' ? 'off' : '30 2 * * *')).trim();
  const backupTimeZone = (env.BACKUP_TIMEZONE ?? 'Asia/Tokyo').trim();
  const backupSchedule = cronSchedule(
    'BACKUP_SCHEDULE',
    backupScheduleRaw,
    backupTimeZone,
    `は cron 形式（例: "30 2 * * *" = 毎日 2:30）か off で指定してください。BACKUP_TIMEZONE も確認してください（値: "${backupScheduleRaw}", "${backupTimeZone}"）`,
  );

  const purgeRaw = (env.BIN_PURGE_SCHEDULE ?? (nodeEnv === 'test' ? 'off' : '15 3 * * *')).trim();
  const binPurgeSchedule = cronSchedule(
    'BIN_PURGE_SCHEDULE',
    purgeRaw,
    backupTimeZone,
    `は cron 形式（例: "15 3 * * *" = 毎日 3:15）か off で指定してください（値: "${purgeRaw}"）`,
  );

  const port = int(env, 'PORT', 3000, 1, 65535);
  return {
    nodeEnv,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    appDatabaseUrl,
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 5433, 1, 65535),
    embeddedPgSharedBuffers: memorySize(env, 'EMBEDDED_PG_SHARED_BUFFERS'),
    dataDir,
    jwtSecret,
    tokenTtlSeconds: parseDuration('TOKEN_TTL', env.TOKEN_TTL ?? '8h'),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 100),
    lockoutMinutes: int(env, 'LOCKOUT_MINUTES', 15, 1, 1440),
    sampleData: bool(env, 'SAMPLE_DATA', !production),
    logLevel,
    jsonBodyLimit,
    cookieSecure: bool(env, 'COOKIE_SECURE', production),
    templatesDir: resolve(env.TEMPLATES_DIR?.trim() || './templates'),
    seedsDir: resolve(env.SEEDS_DIR?.trim() || './seeds'),
    renderConcurrency: int(env, 'RENDER_CONCURRENCY', 2, 1, 16),
    renderTimeoutMs,
    renderNice: int(env, 'RENDER_NICE', 10, 0, 19),
    chromePath,
    cacheDir: env.CACHE_DIR?.trim() ? resolve(env.CACHE_DIR.trim()) : dataDir,
    rendererStart,
    renderMode,
    renderWorker: bool(env, 'RENDER_WORKER', true),
    // Room for two attempts, each up to its job's expiry (2 × limit + 10 s, see render-queue.ts).
    renderQueueTimeoutMs: int(env, 'RENDER_QUEUE_TIMEOUT_MS', 4 * renderTimeoutMs + 20_000, 1000, 3_600_000),
    smtpUrl,
    smtpFrom,
    deadlineScanMinutes: int(env, 'DEADLINE_SCAN_MINUTES', nodeEnv === 'test' ? 0 : 60, 0, 1440),
    minutesScanMinutes: int(env, 'MINUTES_SCAN_MINUTES', nodeEnv === 'test' ? 0 : 60, 0, 1440),
    auditAnchorMinutes: int(env, 'AUDIT_ANCHOR_MINUTES', nodeEnv === 'test' ? 0 : 60, 0, 60),
    backup: {
      dir: resolve(env.BACKUP_DIR?.trim() || resolve(dataDir, 'backups')),
      schedule: backupSchedule,
      timeZone: backupTimeZone,
      keep: int(env, 'BACKUP_KEEP', 14, 1, 3650),
    },
    binPurgeSchedule,
    rateLimit: {
      loginPerMinute: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100_000),
      apiPerMinute: int(env, 'API_RATE_LIMIT', 3000, 1, 10_000_000),
      publicPerMinute: int(env, 'PUBLIC_RATE_LIMIT', 600, 1, 10_000_000),
      publicPdfPerSecond: int(env, 'PUBLIC_PDF_RATE', 40, 1, 100_000),
    },
    adminAllowedIps: cidrList(env, 'ADMIN_ALLOWED_IPS'),
    publicBaseUrl: publicBaseUrl(env, port),
  };
}

/** PUBLIC_BASE_URL: an http(s) origin with an optional path, without query, fragment or credentials. */
export function publicBaseUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_BASE_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  const url = urlOrNull(raw);
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    !url.hostname ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  )
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      `は https://example.lg.jp や https://example.lg.jp/shingikai の形式で指定してください（値: "${raw}"）`,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Parses a comma- or space-separated list of IP addresses and CIDR ranges (IPv4 and IPv6). */
export function cidrList(env: Env, name: string): string[] | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  const probe = new BlockList();
  for (const entry of entries) {
    const [address, prefixRaw, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixRaw === undefined ? max : Number(prefixRaw);
    if (
      family === 0 ||
      extra !== undefined ||
      (prefixRaw !== undefined && !/^\d+$/.test(prefixRaw)) ||
      prefix > max
    ) {
      throw new ConfigError(
        name,
        `は IP アドレスか CIDR（例: 192.168.10.0/24, 10.0.0.5, fd00::/8）をカンマ区切りで指定してください（値: "${entry}"）`,
      );
    }
    probe.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return entries;
}

function developmentSecret(dataDir: string): string {
  const file = resolve(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
