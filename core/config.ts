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
  };
}
