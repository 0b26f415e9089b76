// The Slack side of sign-in identity binding: a user's profile email from users.info (the app asks
// users:read.email for exactly this).
import { z } from 'zod';
import type { Logger } from '../../core/index.js';
import type { SlackWebClient } from './web-client.js';

const UsersInfo = z.object({ user: z.object({ profile: z.object({ email: z.string().optional() }).loose() }).loose() }).loose();

/** The email on a Slack user's profile, or undefined when Slack has none (or cannot say). */
export function createSlackEmailLookup(client: Pick<SlackWebClient, 'users'>, logger: Logger) {
  return async (userId: string): Promise<string | undefined> => {
    try {
      const answer = UsersInfo.safeParse(await client.users.info({ user: userId }));
      return answer.success ? answer.data.user.profile.email : undefined;
    } catch (error) {
      logger.warn({ err: error, component: 'slack-directory' }, 'users.info failed');
      return undefined;
    }
  };
}
