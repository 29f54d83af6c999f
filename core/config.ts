// Configuration from the environment, validated once at start. A bad value stops the service
// with a message that names the variable; nothing secret is ever echoed back.
import { z } from 'zod';
import { AppError, ErrorCode } from './errors.ts';
import { isTimeZone } from './time-zone.ts';

const DATABASE_URL_DEFAULT = 'file:./data/dmps-connect.db';

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
    DEFAULT_LOCALE: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as en or es').default('en'),
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
    // Read where answers are sealed (workflows/surveys/domain/seal.ts); checked here so a bad
    // value stops the service at start.
    SURVEY_SEAL_KEY: z
      .string()
      .refine((k) => /^[A-Za-z0-9+/]{43}=?$/.test(k.trim()), 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)')
      .optional(),
    SURVEY_SEAL_KEY_FILE: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.SLACK_SIGNING_SECRET) !== Boolean(v.SLACK_BOT_TOKEN))
      ctx.addIssue({
        code: 'custom',
        path: [v.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'],
        message: 'is required when the other Slack setting is set (Slack needs both)',
      });
    if (v.MicrosoftAppId && v.MicrosoftAppType !== 'UserAssignedMSI' && !v.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
  });

export interface Config {
  port: number;
  /** Interface to listen on: loopback when Teams runs unauthenticated, unless HOST says otherwise. */
  host: string;
  databaseUrl: string;
  timeZone: string;
  defaultLocale: string;
  logLevel: string;
  teams: { authenticated: boolean; appId?: string; env: Record<string, string | undefined> };
  slack?: { signingSecret: string; botToken: string; apiUrl?: string };
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
    teams: { authenticated, appId: v.MicrosoftAppId, env: { ...env } },
    slack:
      v.SLACK_SIGNING_SECRET && v.SLACK_BOT_TOKEN
        ? { signingSecret: v.SLACK_SIGNING_SECRET, botToken: v.SLACK_BOT_TOKEN, apiUrl: v.SLACK_API_URL }
        : undefined,
  };
}
