// Outbound credentials for tests. botbuilder normally gets the bot's Bot Connector token from
// Entra ID through MSAL, which cannot run offline. ConfigurationBotFrameworkAuthentication takes a
// ServiceClientCredentialsFactory as its second argument: this one hands out credentials that sign
// requests with a token from the local OpenIdIssuer, so the connector stand-in can check them.
import { type ServiceClientCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { AppTokenOptions } from './openid-issuer.ts';

/** What signs the bot's tokens: OpenIdIssuer fits. */
export interface AppTokenSigner {
  signAppToken(options: AppTokenOptions): Promise<string>;
}

type WebResourceLike = Parameters<ServiceClientCredentials['signRequest']>[0];

export interface CreatedCredentials {
  appId: string;
  audience: string | undefined;
  loginEndpoint: string;
}

export class LocalCredentialsFactory extends ServiceClientCredentialsFactory {
  /** Every createCredentials call, for assertions. */
  readonly created: CreatedCredentials[] = [];
  private readonly tokens = new Map<string, { token: Promise<string>; expiresAt: number }>();

  constructor(private readonly options: { appId: string; signer: AppTokenSigner; tenantId?: string }) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.options.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return !this.options.appId;
  }

  override async createCredentials(
    appId: string,
    audience: string | undefined,
    loginEndpoint: string,
    _validateAuthority: boolean,
  ): Promise<ServiceClientCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    this.created.push({ appId, audience, loginEndpoint });
    return {
      signRequest: async (webResource: WebResourceLike) => {
        webResource.headers.set('Authorization', `Bearer ${await this.token(appId, audience)}`);
        return webResource;
      },
    };
  }

  /** One token per audience, reused until five minutes before it expires (as AppCredentials does). */
  private token(appId: string, audience: string | undefined): Promise<string> {
    const key = `${appId}|${audience ?? ''}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const token = this.options.signer.signAppToken({ appId, audience, tenantId: this.options.tenantId, expiresIn: 3600 });
    this.tokens.set(key, { token, expiresAt: Date.now() + 55 * 60_000 });
    token.catch(() => this.tokens.delete(key));
    return token;
  }
}
