// The Slack Web API client settings shared by Bolt and the Reply port: our API base, no SDK retries
// (the notify queue retries), and 429s returned as errors instead of waited out inside the client.
import { webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { SlackConfig } from '../../config/types.js';

/** A hung Slack call becomes a TRANSIENT error the queue can retry. */
const REQUEST_TIMEOUT_MS = 10_000;

export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

export function slackClientOptions(config: SlackConfig, logger: BoltLogger): webApi.WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: REQUEST_TIMEOUT_MS,
    logger,
  };
}

export function createSlackWebClient(config: SlackConfig, logger: BoltLogger): SlackWebClient {
  return new webApi.WebClient(config.botToken, slackClientOptions(config, logger));
}
