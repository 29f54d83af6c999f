// A local Bot Framework token issuer: the OpenID metadata + JWKS that botbuilder fetches to check
// the tokens Teams puts on inbound activities, and a signer for such tokens. It also signs the
// bot's own outbound tokens (see local-credentials.ts) so the connector stand-in can check them.
import { randomUUID } from 'node:crypto';
import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, jwtVerify, SignJWT } from 'jose';
import { LoopbackServer, sendJson } from './http.ts';

/** The audience of tokens the bot sends to the Bot Connector (AuthenticationConstants.ToChannelFromBotOAuthScope). */
export const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

export interface SignOptions {
  /** The bot's Microsoft App ID. */
  aud: string;
  /** Must equal the activity's serviceUrl, or botbuilder refuses the token. */
  serviceUrl: string;
  /** Seconds from now; negative gives an expired token. Default 3600. */
  expiresIn?: number;
  /** Overrides `iss` (default: this issuer's identifier). */
  issuer?: string;
  /** Overrides the `kid` header (default: this issuer's key id). */
  kid?: string;
  /** Extra claims. */
  claims?: Record<string, unknown>;
}

export interface AppTokenOptions {
  appId: string;
  audience?: string;
  tenantId?: string;
  expiresIn?: number;
}

interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

export interface OpenIdIssuerOptions {
  /** `endorsements` on the JWKS key; botbuilder requires the activity's channelId among them. Default ["msteams"]. */
  endorsements?: string[];
  /** Value of `iss` in tokens and of the metadata's `issuer`. Default: the server's base URL. */
  issuer?: string;
}

export class OpenIdIssuer {
  private readonly server = new LoopbackServer((req, res) => this.serve(req.url ?? '/', res));
  private signing: KeyPair | undefined;
  private foreign: KeyPair | undefined;
  private jwk: JWK | undefined;
  /** Requests served, by path (for asserting botbuilder fetched the metadata). */
  readonly hits: string[] = [];

  constructor(private readonly options: OpenIdIssuerOptions = {}) {}

  async start(): Promise<{ url: string }> {
    this.signing ??= await newKeyPair();
    this.foreign ??= await newKeyPair();
    this.jwk ??= { ...(await exportJWK(this.signing.publicKey)), kid: this.signing.kid, use: 'sig', alg: 'RS256' };
    return this.server.start();
  }
  close(): Promise<void> {
    return this.server.close();
  }

  get url(): string {
    return this.server.url;
  }
  get metadataUrl(): string {
    return `${this.url}/.well-known/openid-configuration`;
  }
  /** The `iss` value in tokens (what ToBotFromChannelTokenIssuer must equal). */
  get issuer(): string {
    return this.options.issuer ?? this.url;
  }
  /** The published key's id. */
  get kid(): string {
    return this.requireKeys().signing.kid;
  }
  get jwks(): JSONWebKeySet {
    return { keys: [{ ...this.requireJwk(), endorsements: this.options.endorsements ?? ['msteams'] } as JWK] };
  }

  /** A token like the one Teams' Bot Connector sends with each activity. */
  sign(options: SignOptions): Promise<string> {
    return this.signWith(this.requireKeys().signing, options);
  }
  /** Same claims, signed with a key the JWKS does not publish (its own kid unless `kid` is given). */
  signWithForeignKey(options: SignOptions): Promise<string> {
    return this.signWith(this.requireKeys().foreign, options);
  }

  /** A token the bot presents to the Bot Connector (stands in for the AAD client-credentials token). */
  signAppToken(options: AppTokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ appid: options.appId, azp: options.appId, tid: options.tenantId ?? 'botframework.com', ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.requireKeys().signing.kid })
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? BOT_CONNECTOR_AUDIENCE)
      .setNotBefore(now - 5)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresIn ?? 3600))
      .sign(this.requireKeys().signing.privateKey);
  }

  /** Checks an `Authorization: Bearer` header carries a token from signAppToken; for BotConnectorStandin's `authorize`. */
  async verifyConnectorToken(authorization: string | undefined, expected: { appId?: string } = {}): Promise<boolean> {
    const [scheme, token] = (authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return false;
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [this.requireJwk()] }), {
        issuer: this.issuer,
        audience: BOT_CONNECTOR_AUDIENCE,
      });
      return expected.appId === undefined || payload.appid === expected.appId;
    } catch {
      return false;
    }
  }

  private async signWith(key: KeyPair, options: SignOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresIn ?? 3600;
    return new SignJWT({ serviceurl: options.serviceUrl, ...options.claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? key.kid })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.aud)
      .setNotBefore(Math.min(now - 5, now + expiresIn - 60))
      .setExpirationTime(now + expiresIn)
      .sign(key.privateKey);
  }

  private serve(path: string, res: import('node:http').ServerResponse): void {
    this.hits.push(path);
    const pathname = path.split('?', 1)[0];
    if (pathname === '/.well-known/openid-configuration') {
      sendJson(res, 200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.url}/authorize`,
        jwks_uri: `${this.url}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    } else if (pathname === '/keys') {
      sendJson(res, 200, this.jwks);
    } else {
      sendJson(res, 404, { error: 'not_found' });
    }
  }

  private requireKeys(): { signing: KeyPair; foreign: KeyPair } {
    if (!this.signing || !this.foreign) throw new Error('OpenIdIssuer not started');
    return { signing: this.signing, foreign: this.foreign };
  }
  private requireJwk(): JWK {
    if (!this.jwk) throw new Error('OpenIdIssuer not started');
    return this.jwk;
  }
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicKey, kid: randomUUID() };
}

/**
 * Configuration for botbuilder's ConfigurationBotFrameworkAuthentication that makes it validate
 * inbound tokens against this issuer. Setting any of the "parameterized" keys makes botbuilder use
 * all of them as given (BotFrameworkAuthenticationFactory), so every one is set, none left to the
 * public cloud defaults.
 */
export function teamsAuthEnv(issuerUrl: string, appId: string, tokenIssuer: string = issuerUrl): Record<string, string> {
  const metadata = `${issuerUrl}/.well-known/openid-configuration`;
  return {
    MicrosoftAppId: appId,
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: metadata,
    ToBotFromChannelTokenIssuer: tokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: metadata,
    ToChannelFromBotLoginUrl: `${issuerUrl}/botframework.com`,
    ToChannelFromBotOAuthScope: BOT_CONNECTOR_AUDIENCE,
    OAuthUrl: issuerUrl,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: 'false',
  };
}
