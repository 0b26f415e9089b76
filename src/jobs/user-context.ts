// Picks the Defender client a job runs with: the chat user's delegated token or the bot's app token,
// by the token-context policy. Reads and scan/collect run as the requester, approved actions as the
// approver; under userContext: required a signed-out user gets a refusal, never the app token.
import { approverMustSignIn, chooseContext } from '../authz/index.js';
import type { UserContextMode } from '../config/types.js';
import { BotError } from '../core/errors.js';
import type { ChatUser } from '../core/interaction.js';
import type { AccessTokenSource, DefenderClient } from '../defender/index.js';
import type { UserSessions } from '../identity/index.js';

export type DefenderClientFor = (user: ChatUser, as: 'requester' | 'approver') => Promise<DefenderClient>;

export interface ClientChooserDeps {
  /** The client on the bot's app token; user clients share its transport and rate budgets. */
  app: DefenderClient;
  mode: UserContextMode;
  /** Absent when this bot offers no sign-in (then only `optional` and `off` can call Defender). */
  sessions: Pick<UserSessions, 'status' | 'tokenSource'> | undefined;
}

export function createClientChooser(deps: ClientChooserDeps): DefenderClientFor {
  return async (user, as) => {
    if (deps.mode === 'off') return deps.app;
    const signedIn = deps.sessions ? (await deps.sessions.status(user)).signedIn : false;
    const choice = chooseContext(deps.mode, signedIn, user.platform);
    if (choice.kind === 'app') return deps.app;
    if (choice.kind === 'user' && deps.sessions) return deps.app.withTokens(deps.sessions.tokenSource(user));
    const reason = choice.kind === 'refuse' ? choice.reason : 'Sign-in is not set up on this bot.';
    throw new BotError('UNAUTHORIZED', as === 'approver' ? approverMustSignIn(user.platform) : reason, {
      details: { tokenContext: 'user', signedIn: false },
    });
  };
}

/** The app token source under userContext: required: any call that reaches it is refused. */
export function refusingAppTokens(): AccessTokenSource {
  return {
    context: 'app',
    getToken: () =>
      Promise.reject(
        new BotError(
          'UNAUTHORIZED',
          'This bot acts in Defender only as a signed-in user (userContext: required).',
        ),
      ),
  };
}
