// Checks an inbound Bot Framework token's shape, algorithm, key and signature before botbuilder
// sees it. botbuilder answers a forged token (a wrong signature under a published key id, an
// HS256 token keyed with the public key, alg=none) with 500 and prints the public key and a
// stack trace to the console; a token that passes this gate fails inside botbuilder only with
// its own AuthenticationError (audience, issuer, endorsements, serviceUrl), which we answer 401.
// The keys are the ones botbuilder itself trusts: the channel's and the emulator's OpenID
// metadata, configured by the same Bot Framework keys.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import { z } from 'zod';

/** jsonwebtoken's algorithms as botbuilder allows them (AuthenticationConstants.AllowedSigningAlgorithms). */
const ALGORITHMS = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' } as const;
/** botbuilder's clock tolerance for exp/nbf (ChannelValidation: 5 minutes). */
const CLOCK_TOLERANCE_S = 5 * 60;
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** An unknown key id refetches the key set at most this often (a forger cannot make us poll). */
const UNKNOWN_KID_REFETCH_MS = 5 * 60 * 1000;
const FETCH_TIMEOUT_MS = 10_000;

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const header = z.object({ alg: z.string(), kid: z.string().min(1), typ: z.string().optional() });
const payload = z.object({ exp: z.number(), nbf: z.number().optional() }).passthrough();
const metadata = z.object({ jwks_uri: z.string().url() });
const jwks = z.object({ keys: z.array(z.object({ kid: z.string().optional(), n: z.string().optional(), e: z.string().optional() }).passthrough()) });

export type TokenVerdict = { ok: true } | { ok: false; reason: string };

interface KeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

export interface TokenGateOptions {
  /** The Bot Framework configuration keys (the same record botbuilder reads). */
  env: Record<string, string | undefined>;
  /** Wall-clock milliseconds (tokens are stamped by the issuer's clock). */
  now?: () => number;
}

export function metadataUrlsOf(env: Record<string, string | undefined>): string[] {
  const gov = env.ChannelService === GovernmentConstants.ChannelService;
  const channel =
    env.ToBotFromChannelOpenIdMetadataUrl ||
    env.BotOpenIdMetadata ||
    (gov ? GovernmentConstants.ToBotFromChannelOpenIdMetadataUrl : AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl);
  const emulator =
    env.ToBotFromEmulatorOpenIdMetadataUrl ||
    (gov ? GovernmentConstants.ToBotFromEmulatorOpenIdMetadataUrl : AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl);
  return [...new Set([channel, emulator])];
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function createTokenGate(opts: TokenGateOptions) {
  const now = opts.now ?? Date.now;
  const urls = metadataUrlsOf(opts.env);
  const sets = new Map<string, KeySet>();
  const inFlight = new Map<string, Promise<KeySet | undefined>>();

  async function fetchKeySet(url: string): Promise<KeySet | undefined> {
    try {
      const meta = metadata.safeParse(await (await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })).json());
      if (!meta.success) return undefined;
      const set = jwks.safeParse(await (await fetch(meta.data.jwks_uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })).json());
      if (!set.success) return undefined;
      const keys = new Map<string, KeyObject>();
      for (const k of set.data.keys) {
        // Like botbuilder's OpenIdMetadata: RSA keys (n, e) only.
        if (!k.kid || !k.n || !k.e) continue;
        try {
          keys.set(k.kid, createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' }));
        } catch {
          // a malformed key is skipped, as if it were not published
        }
      }
      return { keys, fetchedAt: now() };
    } catch {
      return undefined;
    }
  }

  async function keySet(url: string, kid: string): Promise<KeySet | undefined> {
    const cached = sets.get(url);
    const stale = !cached || now() - cached.fetchedAt > KEYS_MAX_AGE_MS || (!cached.keys.has(kid) && now() - cached.fetchedAt > UNKNOWN_KID_REFETCH_MS);
    if (!stale) return cached;
    let pending = inFlight.get(url);
    if (!pending) {
      pending = fetchKeySet(url).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    const fresh = await pending;
    if (fresh) sets.set(url, fresh);
    return fresh ?? cached;
  }

  async function keyFor(kid: string): Promise<KeyObject | 'unavailable' | undefined> {
    let reachable = false;
    for (const url of urls) {
      const set = await keySet(url, kid);
      if (set) reachable = true;
      const key = set?.keys.get(kid);
      if (key) return key;
    }
    return reachable ? undefined : 'unavailable';
  }

  return {
    /** The verdict on an `Authorization` header; reasons are fixed phrases, never token contents. */
    async check(authorization: string | undefined): Promise<TokenVerdict> {
      const [scheme, token, ...rest] = (authorization ?? '').trim().split(/\s+/);
      if (!authorization?.trim()) return { ok: false, reason: 'no token' };
      if (scheme !== 'Bearer' || !token || rest.length > 0) return { ok: false, reason: 'not a bearer token' };
      const parts = token.split('.');
      if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { ok: false, reason: 'malformed token' };
      const [h64, p64, s64] = parts as [string, string, string];
      const h = header.safeParse(decodeJson(h64));
      if (!h.success) return { ok: false, reason: 'malformed token header' };
      const digest = (ALGORITHMS as Record<string, string | undefined>)[h.data.alg];
      if (!digest) return { ok: false, reason: 'signing algorithm not allowed' };
      const p = payload.safeParse(decodeJson(p64));
      if (!p.success) return { ok: false, reason: 'malformed token claims' };
      const key = await keyFor(h.data.kid);
      if (key === 'unavailable') return { ok: false, reason: 'signing keys unavailable' };
      if (!key) return { ok: false, reason: 'unknown signing key' };
      let valid = false;
      try {
        valid = verify(digest, Buffer.from(`${h64}.${p64}`), key, Buffer.from(s64, 'base64url'));
      } catch {
        valid = false;
      }
      if (!valid) return { ok: false, reason: 'invalid signature' };
      const seconds = Math.floor(now() / 1000);
      if (seconds >= p.data.exp + CLOCK_TOLERANCE_S) return { ok: false, reason: 'token expired' };
      if (p.data.nbf !== undefined && p.data.nbf > seconds + CLOCK_TOLERANCE_S) return { ok: false, reason: 'token not yet valid' };
      return { ok: true };
    },
  };
}
