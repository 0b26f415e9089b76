// What `block` reads from the configuration: the RBAC file's `neverBlock` and `indicators.expireDays`,
// and the hosts of every service the bot itself calls, which it refuses to block by default.
import type { IndicatorSettings } from '../core/indicators.js';
import { ENV_DEFAULTS } from './env.js';
import { DEFAULT_EXPIRE_DAYS } from './rbac.js';
import type { Config } from './types.js';

/**
 * Bot Framework's own hosts (token issuance, the connector's service URLs, sign-in metadata): Teams
 * traffic depends on them whatever the configuration says.
 */
export const BOT_FRAMEWORK_HOSTS = [
  'api.botframework.com',
  'login.botframework.com',
  'token.botframework.com',
  'state.botframework.com',
  'smba.trafficmanager.net',
  'login.microsoftonline.com',
] as const;

/** Slack's Web API and Socket Mode hosts besides SLACK_API_URL's. */
export const SLACK_HOSTS = ['slack.com', 'wss-primary.slack.com', 'wss-backup.slack.com'] as const;

const hostOfUrl = (url: string): string => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** The hosts of DEFENDER_API_URL, DEFENDER_SCOPE, AZURE_AUTHORITY_HOST, GRAPH_API_URL and SLACK_API_URL, plus the fixed ones. */
export function upstreamHosts(
  config: Pick<Config, 'defenderApiUrl' | 'defenderScope' | 'graphApiUrl' | 'azure' | 'slack'>,
): string[] {
  const urls = [
    config.defenderApiUrl,
    config.defenderScope.replace(/\/\.default$/, ''),
    config.azure?.authorityHost ?? ENV_DEFAULTS.AZURE_AUTHORITY_HOST,
    config.graphApiUrl,
    config.slack?.apiUrl ?? ENV_DEFAULTS.SLACK_API_URL,
  ];
  const hosts = urls.flatMap((url) => {
    try {
      return [hostOfUrl(url)];
    } catch {
      return []; // a scope given as a bare app id has no host
    }
  });
  return [...new Set([...hosts, ...BOT_FRAMEWORK_HOSTS, ...SLACK_HOSTS])];
}

export function indicatorSettings(
  config: Pick<Config, 'rbac' | 'defenderApiUrl' | 'defenderScope' | 'graphApiUrl' | 'azure' | 'slack'>,
): IndicatorSettings {
  return {
    neverBlock: config.rbac.neverBlock ?? [],
    expireDays: config.rbac.indicators?.expireDays ?? DEFAULT_EXPIRE_DAYS,
    upstreamHosts: upstreamHosts(config),
  };
}
