// Who the bot is in Slack: auth.test's answer for the bot token (bot ids for Bolt's authorize hook,
// and the workspace and Enterprise Grid org the token belongs to), learned once and cached. Never
// blocks or fails an incoming request on auth.test (that would cost the 3 s ack).
import type { Authorize } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../core/index.js';
import type { SlackWebClient } from './web-client.js';

/** The organisation the bot token belongs to: its workspace (T…) and, on Enterprise Grid, its org (E…). */
export interface BotWorkspace {
  teamId: string | undefined;
  enterpriseId: string | undefined;
}

export interface BotIdentity {
  authorize: Authorize<boolean>;
  /** Asks auth.test once more if no answer is cached yet; resolves either way. */
  identify(): Promise<void>;
  /** The token's workspace, or undefined until auth.test has answered with one. */
  workspace(): BotWorkspace | undefined;
}

const nonEmpty = z
  .string()
  .optional()
  .transform((value) => value || undefined);
const authTestAnswer = z.object({
  team_id: nonEmpty,
  enterprise_id: nonEmpty,
  user_id: nonEmpty,
  bot_id: nonEmpty,
});

export function createBotIdentity(
  client: Pick<SlackWebClient, 'auth'>,
  botToken: string,
  logger: Logger,
): BotIdentity {
  let ids: { botId: string; botUserId: string } | undefined;
  let workspace: BotWorkspace | undefined;
  let inFlight: Promise<void> | undefined;

  async function ask(): Promise<void> {
    try {
      const answer = authTestAnswer.parse(await client.auth.test());
      if (answer.bot_id && answer.user_id) ids = { botId: answer.bot_id, botUserId: answer.user_id };
      if (answer.team_id || answer.enterprise_id)
        workspace = { teamId: answer.team_id, enterpriseId: answer.enterprise_id };
      else logger.error('slack auth.test named no team or enterprise; every request stays refused');
      logger.info(
        { teamId: answer.team_id, enterpriseId: answer.enterprise_id, botUserId: answer.user_id },
        'slack bot identified',
      );
    } catch (error) {
      logger.warn({ err: error }, 'slack auth.test failed; will ask again on the next request');
    }
  }

  function identify(): Promise<void> {
    if (ids && workspace) return Promise.resolve();
    inFlight ??= ask().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const authorize: Authorize<boolean> = () => {
    if (!ids) void identify();
    return Promise.resolve({ botToken, ...ids });
  };
  return { authorize, identify, workspace: () => workspace };
}
