// Application-context tokens (client credentials) for the MDE API. One ConfidentialClientApplication
// per tenant; MSAL's cache keeps a token until shortly before expiry, and concurrent callers share
// one in-flight request so a burst of calls costs one token request, not one each.
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { AzureConfig } from '../config/types.js';
import { BotError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AccessTokenSource } from '../core/tokens.js';
import { loadCertificateCredential } from './certificate.js';
import { msalLoggerOptions } from './msal-logging.js';

/** Authority hosts msal-node knows natively; any other host (a sovereign proxy, the simulator) must be declared. */
const MSAL_KNOWN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
]);

export interface AppTokenOptions {
  azure: AzureConfig;
  scope: string;
  logger: Logger;
  /** Told of every token acquisition with whether MSAL answered from its cache. */
  onAcquire?: (event: { fromCache: boolean }) => void;
}

/** `cache` lets a user's client keep its tokens in that user's encrypted store (identity/token-store). */
export async function buildConfidentialClient(
  azure: AzureConfig,
  logger: Logger,
  cache?: Configuration['cache'],
): Promise<ConfidentialClientApplication> {
  const authorityUrl = new URL(
    `${azure.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(azure.tenantId)}`,
  );
  const auth: Configuration['auth'] = {
    clientId: azure.clientId,
    authority: authorityUrl.toString(),
    ...(MSAL_KNOWN_HOSTS.has(authorityUrl.hostname) ? {} : { knownAuthorities: [authorityUrl.host] }),
  };
  if (azure.credential.kind === 'secret') auth.clientSecret = azure.credential.clientSecret;
  else auth.clientCertificate = await loadCertificateCredential(azure.credential.certificatePath);
  return new ConfidentialClientApplication({
    auth,
    ...(cache ? { cache } : {}),
    system: { loggerOptions: msalLoggerOptions(logger) },
  });
}

export class AppTokenProvider implements AccessTokenSource {
  readonly context = 'app' as const;
  private client: Promise<ConfidentialClientApplication> | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: AppTokenOptions) {}

  getToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    if (options.forceRefresh) return this.acquire(true);
    // Share one request among concurrent callers (MSAL's cache only helps once the first has landed).
    this.inFlight ??= this.acquire(false).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async acquire(skipCache: boolean): Promise<string> {
    this.client ??= buildConfidentialClient(this.options.azure, this.options.logger);
    const client = await this.client;
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: [this.options.scope], skipCache });
      if (!result?.accessToken) throw new Error('Entra ID returned no access token');
      this.options.onAcquire?.({ fromCache: result.fromCache });
      return result.accessToken;
    } catch (cause) {
      this.options.logger.error({ err: cause, component: 'app-tokens' }, 'app token acquisition failed');
      if (!isCredentialProblem(cause)) {
        throw new BotError('TRANSIENT', 'Entra ID could not be reached for a token; the bot will retry.', {
          cause,
        });
      }
      throw new BotError(
        'UNAUTHORIZED',
        'The bot could not get a token from Entra ID. An admin should check AZURE_TENANT_ID, AZURE_CLIENT_ID and the client credential.',
        { cause },
      );
    }
  }
}

/** OAuth errors that retrying cannot fix (bad or expired credential, unknown app or tenant, bad scope). */
const PERMANENT_OAUTH_ERRORS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_scope',
  'invalid_grant',
]);

function isCredentialProblem(error: unknown): boolean {
  const code = (error as { errorCode?: unknown } | undefined)?.errorCode;
  return typeof code === 'string' && PERMANENT_OAUTH_ERRORS.has(code);
}
