// Configuration from the environment, validated once at start. A bad value stops the service
// with a message that names the variable; nothing secret is ever echoed back.
import { z } from 'zod';
import { AppError, ErrorCode } from './errors.ts';
import { isLoopbackHost } from './loopback.ts';
import { isTimeZone } from './time-zone.ts';

const DATABASE_URL_DEFAULT = 'file:./data/dmps-connect.db';

/** A comma-separated list of ids, each matching `id`; blanks between commas are ignored. */
const idList = (id: RegExp, example: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    )
    .refine((ids) => ids.length > 0 && ids.every((x) => id.test(x)), `must be a comma-separated list of ids such as ${example}`);
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLACK_TEAM_ID = /^T[A-Z0-9]{2,}$/;

const timeZone = z.string().refine(isTimeZone, 'is not a known IANA time zone (e.g. America/Chicago)');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .default(DATABASE_URL_DEFAULT)
      .refine((u) => /^(file:|postgres(ql)?:\/\/)/i.test(u), 'must start with file:, postgres:// or postgresql://'),
    TZ: timeZone.default('America/Chicago'),
    DEFAULT_LOCALE: z
      .string()
      .regex(/^[a-z]{2,3}$/, 'must be a language code such as en or es')
      .default('en'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: z.string().trim().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: z.string().optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-...)')
      .optional(),
    SLACK_API_URL: z.string().url('must be a URL such as http://127.0.0.1:4000/api/').optional(),
    TEAMS_TENANT_IDS: idList(TENANT_ID, "7d1c0e36-1f2a-4b3c-8d4e-5f6a7b8c9d0e (the district's Microsoft Entra tenant id)").optional(),
    SLACK_TEAM_IDS: idList(SLACK_TEAM_ID, "T0123ABCD (the district's Slack workspace id)").optional(),
    // Read where answers are sealed (workflows/surveys/domain/seal.ts); checked here so a bad
    // value stops the service at start.
    SURVEY_SEAL_KEY: z
      .string()
      .refine((k) => /^[A-Za-z0-9+/]{43}=?$/.test(k.trim()), 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)')
      .optional(),
    SURVEY_SEAL_KEY_FILE: z.string().min(1).optional(),
    // Operations: how long a stopping instance may take, and how long what the service keeps
    // only for itself is kept (survey responses and training and hiring records are not purged).
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(9000),
    RETENTION_PROCESSED_EVENTS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    RETENTION_DELIVERIES_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    RETENTION_FORM_SNAPSHOTS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    METRICS_ENABLED: z.enum(['true', 'false']).default('true'),
    // Read by the training workflow's xAPI endpoint (workflows/training/xapi.ts): HTTP Basic
    // credentials learning systems send; unset, POST /xapi/statements answers 503.
    XAPI_KEY: z.string().trim().min(8, 'must be at least 8 characters').optional(),
    XAPI_SECRET: z.string().trim().min(12, 'must be at least 12 characters').optional(),
    // When reminders that can wait may go out (scheduler/school-days.ts), in TZ: "7-17".
    SCHOOL_HOURS: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'must be whole hours start-end such as 7-17')
      .refine((v) => {
        const [a, b] = v.split('-').map(Number) as [number, number];
        return a < b && b <= 24;
      }, 'must start before it ends, within 0-24 (e.g. 7-17)')
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.XAPI_KEY) !== Boolean(v.XAPI_SECRET))
      ctx.addIssue({
        code: 'custom',
        path: [v.XAPI_KEY ? 'XAPI_SECRET' : 'XAPI_KEY'],
        message: 'is required when the other xAPI setting is set (learning systems send both)',
      });
    if (Boolean(v.SLACK_SIGNING_SECRET) !== Boolean(v.SLACK_BOT_TOKEN))
      ctx.addIssue({
        code: 'custom',
        path: [v.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'],
        message: 'is required when the other Slack setting is set (Slack needs both)',
      });
    if (v.MicrosoftAppId && v.MicrosoftAppType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    // Only the district's own tenant(s) and workspace(s) may use the bot once it is reachable.
    if (v.MicrosoftAppId && !v.TEAMS_TENANT_IDS)
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_TENANT_IDS'],
        message: "is required when MicrosoftAppId is set (the district's Teams tenant id(s), comma-separated)",
      });
    if (v.SLACK_SIGNING_SECRET && v.SLACK_BOT_TOKEN && !v.SLACK_TEAM_IDS)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_TEAM_IDS'],
        message: "is required when Slack is enabled (the district's Slack workspace id(s), comma-separated)",
      });
    if (!v.MicrosoftAppId && v.HOST && !isLoopbackHost(v.HOST))
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message: 'must be a loopback address (127.0.0.1, ::1 or localhost) while Teams runs unauthenticated: set MicrosoftAppId to listen on other interfaces',
      });
  });

export interface Config {
  port: number;
  /** Interface to listen on: loopback when Teams runs unauthenticated, unless HOST says otherwise. */
  host: string;
  databaseUrl: string;
  timeZone: string;
  defaultLocale: string;
  logLevel: string;
  /** tenantIds: the Teams tenants whose traffic reaches the router (lower case); unset only in local mode, where any tenant may. */
  teams: { authenticated: boolean; appId?: string; tenantIds?: string[]; env: Record<string, string | undefined> };
  /** teamIds: the Slack workspaces whose traffic reaches the router. */
  slack?: { signingSecret: string; botToken: string; apiUrl?: string; teamIds: string[] };
  /** SIGTERM: stop claiming, finish or return what is held, exit within this (the process ends by then whatever happens). */
  shutdownTimeoutMs: number;
  /** Days kept before the nightly purge: dedupe keys, delivery rows of finished campaigns, Slack form snapshots. */
  retention: Retention;
  /** GET /metrics (Prometheus text format). */
  metrics: boolean;
}

export interface Retention {
  processedEventsDays: number;
  deliveriesDays: number;
  formSnapshotsDays: number;
}

/** Reads and validates the configuration; throws AppError(config_invalid) naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
    throw new AppError(ErrorCode.ConfigInvalid, `invalid configuration: ${lines.join('; ')}`);
  }
  const v = parsed.data;
  const authenticated = Boolean(v.MicrosoftAppId);
  return {
    port: v.PORT,
    host: v.HOST ?? (authenticated ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: v.DATABASE_URL,
    timeZone: v.TZ,
    defaultLocale: v.DEFAULT_LOCALE,
    logLevel: v.LOG_LEVEL,
    // The Bot Framework reads its own family of keys (ToBotFromChannelOpenIdMetadataUrl, ...)
    // straight from the environment, as Microsoft's samples do.
    teams: { authenticated, appId: v.MicrosoftAppId, tenantIds: v.TEAMS_TENANT_IDS?.map((t) => t.toLowerCase()), env: { ...env } },
    slack:
      v.SLACK_SIGNING_SECRET && v.SLACK_BOT_TOKEN && v.SLACK_TEAM_IDS
        ? { signingSecret: v.SLACK_SIGNING_SECRET, botToken: v.SLACK_BOT_TOKEN, apiUrl: v.SLACK_API_URL, teamIds: v.SLACK_TEAM_IDS }
        : undefined,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    retention: {
      processedEventsDays: v.RETENTION_PROCESSED_EVENTS_DAYS,
      deliveriesDays: v.RETENTION_DELIVERIES_DAYS,
      formSnapshotsDays: v.RETENTION_FORM_SNAPSHOTS_DAYS,
    },
    metrics: v.METRICS_ENABLED === 'true',
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const packagingSchema = z.object({
  MicrosoftAppId: z.string().trim().regex(GUID, "must be the bot's Microsoft Entra application (client) id, a GUID").optional(),
  TEAMS_APP_ID: z.string().trim().regex(GUID, 'must be a GUID (the Teams app id; by default MicrosoftAppId)').optional(),
  PUBLIC_HOST_NAME: z
    .string()
    .trim()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      'must be the public host name the service answers on, without https:// (e.g. connect.dmschools.org)',
    )
    .optional(),
  TAB_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a path such as /tab')
    .default('/tab'),
  APP_DEVELOPER_URL: z.string().url().startsWith('https://', 'must be an https:// URL').default('https://www.dmschools.org/'),
  APP_PRIVACY_URL: z.string().url().startsWith('https://', 'must be an https:// URL').optional(),
  APP_TERMS_URL: z.string().url().startsWith('https://', 'must be an https:// URL').optional(),
});

/** What `npm run package:teams` and `package:slack` put in the packages. */
export interface PackagingConfig {
  /** The Teams app id (manifest `id`). */
  teamsAppId: string;
  /** The bot's Entra app id (bot id, and the tab's single sign-on app). */
  botAppId: string;
  host: string;
  tabPath: string;
  developerUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

/** Reads the packaging settings; `needs` names what this package cannot do without. Throws
 *  AppError(config_invalid) naming every missing or bad variable. */
export function loadPackagingConfig(env: NodeJS.ProcessEnv, needs: { botAppId: boolean }): PackagingConfig {
  const parsed = packagingSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  if (parsed.success && !parsed.data.PUBLIC_HOST_NAME)
    lines.push('PUBLIC_HOST_NAME is required (the host name the service answers on, e.g. connect.dmschools.org)');
  if (parsed.success && needs.botAppId && !parsed.data.MicrosoftAppId)
    lines.push("MicrosoftAppId is required (the bot's Microsoft Entra application id, from its Azure Bot registration)");
  if (!parsed.success || lines.length) throw new AppError(ErrorCode.ConfigInvalid, `invalid configuration: ${lines.join('; ')}`);
  const v = parsed.data;
  const botAppId = (v.MicrosoftAppId ?? '00000000-0000-0000-0000-000000000000').toLowerCase();
  return {
    teamsAppId: (v.TEAMS_APP_ID ?? botAppId).toLowerCase(),
    botAppId,
    host: (v.PUBLIC_HOST_NAME ?? '').toLowerCase(),
    tabPath: v.TAB_PATH,
    developerUrl: v.APP_DEVELOPER_URL,
    privacyUrl: v.APP_PRIVACY_URL ?? v.APP_DEVELOPER_URL,
    termsUrl: v.APP_TERMS_URL ?? v.APP_DEVELOPER_URL,
  };
}
