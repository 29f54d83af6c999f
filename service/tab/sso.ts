// Teams single sign-on for the personal tab: the token teams-js's authentication.getAuthToken()
// gives the page is an Entra access token for our app. It is accepted only when its signature
// is from the tenant's published keys (JWKS, fetched and cached by jose), its issuer is that
// tenant's (v1 `https://sts.windows.net/{tid}/` or v2 `https://login.microsoftonline.com/{tid}/v2.0`),
// its audience is our app (the app id, or its `api://<host>/<app id>` URI), its `scp` holds
// `access_as_user`, it has not expired, and the tenant is the district's. Anything else is
// refused without saying which check failed to the caller (the log gets a fixed reason).
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import type { Clock } from '../../core/clock.ts';

export const SSO_SCOPE = 'access_as_user';
/** Where Entra publishes a tenant's signing keys (`{tid}` is replaced). */
export const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/{tid}/discovery/v2.0/keys';

export interface SsoOptions {
  appId: string;
  /** The app's Application ID URI (`api://<host>/<app id>`); unset accepts any `api://…/<app id>`. */
  appIdUri?: string;
  /** The districts' tenants (lower case); unset accepts any. */
  tenantIds?: readonly string[];
  jwksUrl: string;
  clock: Clock;
}

export interface SsoIdentity {
  tenantId: string;
  objectId: string;
  /** The sign-in name (preferred_username / upn / email), lower-cased, when the token has one. */
  email?: string;
}

export type SsoResult = { ok: true; identity: SsoIdentity } | { ok: false; reason: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createSsoVerifier(opts: SsoOptions): (token: string) => Promise<SsoResult> {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keysFor = (tid: string) => {
    let set = keySets.get(tid);
    if (!set) {
      set = createRemoteJWKSet(new URL(opts.jwksUrl.replace('{tid}', tid)), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 3_600_000 });
      keySets.set(tid, set);
    }
    return set;
  };
  const appUri = opts.appIdUri ? undefined : new RegExp(`^api://[^/]+/${escapeRe(opts.appId)}$`, 'i');
  const isOurs = (aud: JWTPayload['aud']) =>
    [aud ?? []].flat().some((a) => a === opts.appId || (opts.appIdUri ? a === opts.appIdUri : appUri?.test(a) === true));

  return async (token) => {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      return { ok: false, reason: 'not a JWT' };
    }
    const tid = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
    if (!GUID.test(tid)) return { ok: false, reason: 'no tenant' };
    if (opts.tenantIds && !opts.tenantIds.includes(tid)) return { ok: false, reason: 'another tenant' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keysFor(tid), {
        issuer: [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`],
        algorithms: ['RS256'],
        currentDate: opts.clock.now(),
        clockTolerance: 60,
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (e) {
      return { ok: false, reason: `token refused (${(e as { code?: string }).code ?? 'verify'})` };
    }
    if (!isOurs(payload.aud)) return { ok: false, reason: 'another app' };
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) return { ok: false, reason: 'scope missing' };
    const oid = typeof payload.oid === 'string' ? payload.oid.toLowerCase() : '';
    if (!GUID.test(oid) || String(payload.tid).toLowerCase() !== tid) return { ok: false, reason: 'no user' };
    const name = [payload.preferred_username, payload.upn, payload.email].find((v): v is string => typeof v === 'string' && v.includes('@'));
    return { ok: true, identity: { tenantId: tid, objectId: oid, ...(name ? { email: name.trim().toLowerCase() } : {}) } };
  };
}
