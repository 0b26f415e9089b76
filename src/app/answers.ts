// Immediate answers the dispatcher gives without any MDE call: help, whoami, working, errors.
import { allowedVerbs, needsApproval, resolveRoles } from '../authz/index.js';
import { renderCard } from '../cards/index.js';
import { errorMessage } from '../commands/handlers/reads.js';
import { COMMAND_CATALOGUE } from '../commands/index.js';
import type { RbacConfig } from '../config/types.js';
import type { ChatUser, Platform } from '../core/interaction.js';
import type { ImmediateAnswer } from './types.js';

const COMMAND_PREFIX: Record<Platform, string> = { slack: '/defender ', teams: '' };

export function privately(title: string, message: string, hint?: string): ImmediateAnswer {
  return { visibility: 'private', message: errorMessage(title, message, hint) };
}

export function helpAnswer(actor: ChatUser, rbac: RbacConfig): ImmediateAnswer {
  const allowed = new Set(allowedVerbs(actor, rbac));
  const commands = COMMAND_CATALOGUE.filter((info) => allowed.has(info.verb)).map((info) => ({
    verb: info.verb,
    usage: `${COMMAND_PREFIX[actor.platform]}${info.usage}`,
    description: needsApproval(info.verb, rbac) ? `${info.summary} Needs an approver’s OK.` : info.summary,
  }));
  const card = renderCard('help', { commands });
  return { visibility: 'private', message: { card, text: `Commands you may run: ${commands.map((c) => c.verb).join(', ')}` } };
}

export function whoamiAnswer(actor: ChatUser, rbac: RbacConfig): ImmediateAnswer {
  const role = resolveRoles(actor, rbac);
  // Until user sign-in exists every call uses the app's own token; `required` means none may be made.
  const required = rbac.userContext === 'required';
  const card = renderCard('whoami', {
    platform: actor.platform === 'slack' ? 'Slack' : 'Microsoft Teams',
    userId: actor.id,
    ...(actor.displayName ? { displayName: actor.displayName } : {}),
    roles: role ? [role] : [],
    signedIn: false,
    tokenContext: required ? 'none' : 'application',
    tokenContextNote: required
      ? 'This bot requires user context; sign-in is needed before any Defender call.'
      : 'Defender calls use the bot’s own app registration (application context).',
  });
  return { visibility: 'private', message: { card, text: `You are ${actor.id}; role: ${role ?? 'none'}` } };
}

export function workingAnswer(commandText: string): ImmediateAnswer {
  const card = renderCard('working', { command: commandText.slice(0, 200) });
  return { visibility: 'private', message: { card, text: `Working on it: ${commandText.slice(0, 200)}` } };
}

export const unavailableAnswer = (): ImmediateAnswer =>
  privately('Try again', 'The bot could not queue your request (its job store is unavailable). Nothing was done.', 'Try again in a minute.');
