// The tab's settings, read from the same environment as the rest (core/config.ts keeps the
// Bot Framework's keys in `teams.env`) and validated at start: a bad value stops the service
// with a message naming the variable.
import { z } from 'zod';
import type { Config } from '../../core/config.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import { ENTRA_JWKS_URL } from './sso.ts';

/** Where Teams (web, desktop, mobile) and Microsoft 365 frame a personal tab. */
const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.skype.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.office365.com',
  'https://outlook.office.com',
];

const origin = z.string().regex(/^https?:\/\/[a-z0-9.*-]+(:\d+)?$/i, 'must list origins such as https://teams.example.org, separated by spaces');

const schema = z.object({
  TAB_APP_ID_URI: z
    .string()
    .regex(/^api:\/\/[^/\s]+\/[0-9a-f-]{36}$/i, 'must be the app’s Application ID URI, api://<host>/<app id>')
    .optional(),
  TAB_SSO_JWKS_URL: z.string().url('must be a URL (the tenant’s signing keys; {tid} is replaced by the tenant id)').default(ENTRA_JWKS_URL),
  TAB_FRAME_ANCESTORS: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(origin))
    .optional(),
});

export interface TabConfig {
  /** Teams single sign-on, or (no MicrosoftAppId) the loopback-only development sign-in. */
  sso?: { appId: string; appIdUri?: string; jwksUrl: string; tenantIds?: readonly string[] };
  /** Who may frame the page (CSP frame-ancestors) and whose teams-js messages it accepts. */
  frameAncestors: string[];
  /** Extra origins teams-js accepts messages from (a local test host). */
  extraOrigins: string[];
  appId?: string;
}

export function tabConfig(config: Config): TabConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(config.teams.env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new AppError(ErrorCode.ConfigInvalid, `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const v = parsed.data;
  const extra = v.TAB_FRAME_ANCESTORS ?? [];
  const appId = config.teams.appId;
  if (!appId) return { frameAncestors: ["'self'", 'http://127.0.0.1:*', 'http://localhost:*', ...extra], extraOrigins: extra };
  return {
    sso: {
      appId,
      ...(v.TAB_APP_ID_URI ? { appIdUri: v.TAB_APP_ID_URI } : {}),
      jwksUrl: v.TAB_SSO_JWKS_URL,
      ...(config.teams.tenantIds ? { tenantIds: config.teams.tenantIds } : {}),
    },
    frameAncestors: [...TEAMS_FRAME_ANCESTORS, ...extra],
    extraOrigins: extra,
    appId,
  };
}
