// Bolt's authorize hook for our one workspace: the bot token, plus the bot's own ids once auth.test
// has answered. Never blocks or fails an incoming request on auth.test (that would cost the 3 s ack).
import type { Authorize } from '@slack/bolt';
import type { Logger } from '../../core/index.js';
import type { SlackWebClient } from './web-client.js';

export interface BotIdentity {
  authorize: Authorize<boolean>;
  /** Asks auth.test once more if no answer is cached yet; resolves either way. */
  identify(): Promise<void>;
}

export function createBotIdentity(client: Pick<SlackWebClient, 'auth'>, botToken: string, logger: Logger): BotIdentity {
  let ids: { botId: string; botUserId: string } | undefined;
  let inFlight: Promise<void> | undefined;

  async function ask(): Promise<void> {
    try {
      const result = await client.auth.test();
      if (result.bot_id && result.user_id) ids = { botId: result.bot_id, botUserId: result.user_id };
      logger.info({ teamId: result.team_id, botUserId: result.user_id }, 'slack bot identified');
    } catch (error) {
      logger.warn({ err: error }, 'slack auth.test failed; will ask again on the next request');
    }
  }

  function identify(): Promise<void> {
    if (ids) return Promise.resolve();
    inFlight ??= ask().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const authorize: Authorize<boolean> = () => {
    if (!ids) void identify();
    return Promise.resolve({ botToken, ...ids });
  };
  return { authorize, identify };
}
