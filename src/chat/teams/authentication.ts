// Bot Framework authentication for the adapter: botbuilder's configuration-driven JWT validation and
// outbound credentials, with the connector's own HTTP retries taken out (the notify queue retries).
import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { TeamsConfig } from '../../config/types.js';

/** botframework-connector's ServiceClientCredentialsFactory (outbound credentials), as botbuilder takes it. */
export type TeamsCredentialsFactory = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]
>;
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** The name @azure/core-rest-pipeline gives its retry policy (defaultRetryPolicyName). */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

interface PipelineOwner {
  client?: { pipeline?: { removePolicy(options: { name?: string }): unknown } };
}

/**
 * The ConnectorClient's pipeline retries 429 (waiting out Retry-After) and 5xx up to three times by
 * itself, with no option to turn that off. Retrying is the notify queue's job (it knows Retry-After
 * and gives up on permanent failures), so the policy comes out of every client the adapter uses.
 * `client` is private in botbuilder's typings, hence the narrow structural cast.
 */
export function withoutSdkRetries(connector: ConnectorClient): ConnectorClient {
  (connector as unknown as PipelineOwner).client?.pipeline?.removePolicy({ name: SDK_RETRY_POLICY });
  return connector;
}

function factoryWithoutRetries(factory: ConnectorFactory): ConnectorFactory {
  return {
    create: async (serviceUrl, audience) => withoutSdkRetries(await factory.create(serviceUrl, audience)),
  };
}

class AuthenticationWithoutSdkRetries extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>
  ): ConnectorFactory {
    return factoryWithoutRetries(super.createConnectorFactory(...args));
  }

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory
      ? { ...result, connectorFactory: factoryWithoutRetries(result.connectorFactory) }
      : result;
  }
}

/** botbuilder's public-cloud ToChannelFromBotOAuthScope. */
const PUBLIC_CLOUD_AUDIENCE = 'https://api.botframework.com';

/**
 * The token audience of outbound calls botbuilder needs spelled out for createConversationAsync
 * (ConfigurationBotFrameworkAuthentication.getOriginatingAudience throws NotImplemented).
 */
export function channelAudience(overrides: Readonly<Record<string, string>> = {}): string {
  return overrides.ToChannelFromBotOAuthScope ?? PUBLIC_CLOUD_AUDIENCE;
}

/** The app id botbuilder runs with: empty (authentication off) only when allowUnauthenticated is set. */
export function botAppId(config: TeamsConfig): string {
  return config.allowUnauthenticated ? '' : (config.appId ?? '');
}

/**
 * `overrides` are ConfigurationBotFrameworkAuthentication keys (sovereign clouds, tests). Once any of
 * ToBotFromChannelOpenIdMetadataUrl, ToChannelFromBotLoginUrl, … is set, botbuilder defaults none of
 * the others, so pass all of them together.
 */
export function createTeamsAuthentication(
  config: TeamsConfig,
  overrides: Readonly<Record<string, string>> = {},
  credentialsFactory?: TeamsCredentialsFactory,
): ConfigurationBotFrameworkAuthentication {
  const appId = botAppId(config);
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    ...overrides,
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appId ? (config.appPassword ?? '') : '',
    MicrosoftAppTenantId: appId ? (config.appTenantId ?? '') : '',
    MicrosoftAppType: appId ? config.appType : 'MultiTenant',
  };
  return new AuthenticationWithoutSdkRetries(options, credentialsFactory);
}
