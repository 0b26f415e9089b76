// login / logout / whoami's sign-in facts, and the user-context gate every Defender command passes:
// under userContext: required a user who is not signed in is refused before anything is queued.
import { chooseContext, type ContextChoice } from '../authz/index.js';
import type { UserContextMode } from '../config/types.js';
import type { ChatUser, Interaction } from '../core/interaction.js';
import type { SignInFlow, SignInStatus, UserSessions } from '../identity/index.js';
import { privately } from './answers.js';
import type { ImmediateAnswer } from './types.js';

export interface UserContextCommands {
  login(interaction: Interaction): Promise<ImmediateAnswer>;
  logout(interaction: Interaction): Promise<ImmediateAnswer>;
  status(actor: ChatUser): Promise<SignInStatus>;
  /** The context a Defender call by `actor` would use now. */
  choose(actor: ChatUser): Promise<ContextChoice>;
  /** A private refusal when `actor` may not reach Defender without signing in; else undefined. */
  gate(actor: ChatUser): Promise<ImmediateAnswer | undefined>;
}

export interface UserContextCommandsDeps {
  mode: UserContextMode;
  flow: SignInFlow;
  sessions: UserSessions;
}

export function createUserContextCommands(deps: UserContextCommandsDeps): UserContextCommands {
  const status = (actor: ChatUser) => deps.sessions.status(actor);
  const choose = async (actor: ChatUser) =>
    chooseContext(deps.mode, (await status(actor)).signedIn, actor.platform);
  return {
    status,
    choose,
    async login({ actor }) {
      if (deps.mode === 'off')
        return privately(
          'Sign-in is off',
          'This bot always uses its own app registration (userContext: off).',
        );
      const link = await deps.flow.begin({
        platform: actor.platform,
        id: actor.id,
        tenantId: actor.tenantId,
        aadObjectId: actor.aadObjectId,
      });
      // A sign-in link is bound to this user: it must never show in a channel, even on Teams.
      return { visibility: 'direct', message: signInMessage(link) };
    },
    async logout({ actor }) {
      const removed = await deps.sessions.signOut(actor);
      return privately(
        removed ? 'Signed out' : 'Not signed in',
        removed
          ? 'The bot no longer holds tokens for your Entra account.'
          : 'The bot holds no tokens for you.',
      );
    },
    async gate(actor) {
      if (deps.mode !== 'required') return undefined;
      const choice = await choose(actor);
      return choice.kind === 'refuse'
        ? privately('Sign-in needed', choice.reason, 'This bot acts in Defender only as a signed-in user.')
        : undefined;
    },
  };
}

function signInMessage(link: string) {
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: 'Sign in to Defender as yourself',
        size: 'Large',
        weight: 'Bolder',
        style: 'heading',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: 'Open the link within 10 minutes and sign in with your own work account. The link works once and only for you.',
        wrap: true,
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Sign in', url: link }],
  };
  return { card, text: `Sign in to Defender as yourself (the link works once, for 10 minutes): ${link}` };
}
