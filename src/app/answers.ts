// Immediate answers the dispatcher gives without any MDE call: help, whoami, working, errors.
import { chooseContext, identitiesOf, loginCommand, needsApproval, resolveRoles } from '../authz/index.js';
import { errorMessage, noteMessage, renderCard } from '../cards/index.js';
import { COMMAND_CATALOGUE, allowedVerbs, declarationOf, isVerb, type Verb } from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import type { ChatUser } from '../core/interaction.js';
import { commandPrefix } from '../core/vocabulary.js';
import type { SignInStatus } from '../identity/index.js';
import type { ImmediateAnswer } from './types.js';

export function privately(title: string, message: string, hint?: string): ImmediateAnswer {
  return { visibility: 'private', message: errorMessage(title, message, hint) };
}

/** A private notice that is no refusal (a confirmation, the current state). */
export function privateNote(title: string, message: string, hint?: string): ImmediateAnswer {
  return { visibility: 'private', message: noteMessage(title, message, hint) };
}

/** `help`: the commands this user may run; `help <verb>`: that one, with examples and who may run it. */
export function helpAnswer(actor: ChatUser, rbac: RbacConfig, topic?: string): ImmediateAnswer {
  if (topic !== undefined && isVerb(topic)) return helpOnVerb(actor, rbac, topic);
  const allowed = new Set(allowedVerbs(actor, rbac));
  const commands = COMMAND_CATALOGUE.filter((info) => allowed.has(info.verb)).map((info) => ({
    verb: info.verb,
    usage: `${commandPrefix(actor.platform)}${info.usage}`,
    description: needsApproval(info.verb, rbac, declarationOf(info.verb).approvable)
      ? `${info.summary} Needs an approver’s OK.`
      : info.summary,
  }));
  const card = renderCard('help', { commands });
  return {
    visibility: 'private',
    message: { card, text: `Commands you may run: ${commands.map((c) => c.verb).join(', ')}` },
  };
}

function helpOnVerb(actor: ChatUser, rbac: RbacConfig, verb: Verb): ImmediateAnswer {
  const declaration = declarationOf(verb);
  const prefix = commandPrefix(actor.platform);
  const may = allowedVerbs(actor, rbac).includes(verb);
  const who = may
    ? needsApproval(verb, rbac, declaration.approvable)
      ? 'You may ask for it; an approver must approve.'
      : 'You may run it.'
    : `It needs the ${declaration.role} role, which you do not have.`;
  const examples = declaration.examples.map((example) => `\`${prefix}${example}\``).join(', ');
  const commands = [
    {
      verb,
      usage: `${prefix}${declaration.usage}`,
      description: `${declaration.summary} ${who} For example: ${examples}`,
    },
  ];
  return {
    visibility: 'private',
    message: {
      card: renderCard('help', { commands }),
      text: `${prefix}${declaration.usage}: ${declaration.summary} ${who}`,
    },
  };
}

/** `signIn` is the user's sign-in state, or undefined when this bot offers no sign-in. */
export function whoamiAnswer(actor: ChatUser, rbac: RbacConfig, signIn?: SignInStatus): ImmediateAnswer {
  const role = resolveRoles(actor, rbac);
  const signedIn = signIn?.signedIn ?? false;
  const choice = chooseContext(rbac.userContext, signedIn, actor.platform);
  const tokenContext = choice.kind === 'user' ? 'user' : choice.kind === 'app' ? 'application' : 'none';
  const card = renderCard('whoami', {
    platform: actor.platform === 'slack' ? 'Slack' : 'Microsoft Teams',
    userId: actor.id,
    ...(actor.displayName ? { displayName: actor.displayName } : {}),
    roles: role ? [role] : [],
    // The wildcard is not an identity of the person, only a way RBAC entries address everyone.
    identities: [...identitiesOf(actor)].filter((identity) => !identity.endsWith(':*')),
    signedIn,
    ...(signIn?.signedIn ? { entraAccount: signIn.username } : {}),
    tokenContext,
    tokenContextNote: contextNote(tokenContext, rbac.userContext, signIn !== undefined, actor),
  });
  const account = signIn?.signedIn ? `signed in as ${signIn.username}` : 'not signed in';
  return {
    visibility: 'private',
    message: {
      card,
      text: `You are ${actor.id}; role: ${role ?? 'none'}; ${account}; token context: ${tokenContext}`,
    },
  };
}

function contextNote(
  context: 'user' | 'application' | 'none',
  mode: RbacConfig['userContext'],
  canSignIn: boolean,
  actor: ChatUser,
): string {
  if (context === 'user')
    return 'You are signed in, so Defender also applies your own MDE permissions and device groups.';
  if (context === 'none')
    return `This bot acts in Defender only as a signed-in user. Sign in first: ${loginCommand(actor.platform)}`;
  if (mode === 'off' || !canSignIn)
    return 'Defender calls use the bot’s own app registration (application context).';
  return `Defender calls use the bot’s own app registration until you sign in (${loginCommand(actor.platform)}).`;
}

export function workingAnswer(commandText: string): ImmediateAnswer {
  const card = renderCard('working', { command: commandText.slice(0, 200) });
  return {
    visibility: 'private',
    message: { card, text: `Working on it: ${commandText.slice(0, 200)}` },
    working: true,
  };
}

export const unavailableAnswer = (): ImmediateAnswer =>
  privately(
    'Try again',
    'The bot could not queue your request (its job store is unavailable). Nothing was done.',
    'Try again in a minute.',
  );
