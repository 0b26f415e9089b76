// `subscribe [severity]` / `unsubscribe`: alert notifications for the conversation they are typed in.
// Bare `subscribe` shows the current subscription; only when there is none does it subscribe with
// the default threshold (high), so typing it never silently changes an existing choice.
import type { AuditTrail } from '../audit/index.js';
import { nameOf } from '../authz/index.js';
import type { CommandOf } from '../commands/index.js';
import { commandPrefix, type Severity } from '../core/vocabulary.js';
import type { Interaction } from '../core/interaction.js';
import type { Subscription, SubscriptionStore } from '../jobs/alerts/index.js';
import { privateNote } from './answers.js';
import type { ImmediateAnswer } from './types.js';

export const DEFAULT_SUBSCRIPTION_SEVERITY: Severity = 'high';

const THRESHOLD_WORDS: Record<Severity, string> = {
  high: 'High alerts',
  medium: 'Medium and High alerts',
  low: 'Low, Medium and High alerts',
  informational: 'alerts of every severity',
};

export interface SubscriptionCommandDeps {
  store: Pick<SubscriptionStore, 'get' | 'put' | 'remove'>;
  audit: Pick<AuditTrail, 'record'>;
}

export type SubscriptionCommand = CommandOf<'subscribe'> | CommandOf<'unsubscribe'>;
export type SubscriptionCommandHandler = (
  interaction: Interaction,
  command: SubscriptionCommand,
) => Promise<ImmediateAnswer>;

export function createSubscriptionCommands(deps: SubscriptionCommandDeps): SubscriptionCommandHandler {
  return async (interaction, command) => {
    const prefix = commandPrefix(interaction.platform);
    const where = interaction.conversation;
    if (command.verb === 'unsubscribe') {
      const removed = await deps.store.remove(where);
      await audit(deps, interaction, 'unsubscribe', removed ? 'unsubscribed' : 'no subscription');
      return removed
        ? privateNote(
            'Unsubscribed',
            'This conversation no longer receives Defender alerts.',
            `${prefix}subscribe [high|medium|low|informational] to start again.`,
          )
        : privateNote('No subscription', 'This conversation was not subscribed to Defender alerts.');
    }
    const current = command.severity === undefined ? await deps.store.get(where) : undefined;
    if (current) {
      await audit(deps, interaction, 'subscribe', `shown ${current.minSeverity}`);
      return privateNote(
        'Alert subscription',
        describe(current),
        `${prefix}subscribe <severity> changes it; ${prefix}unsubscribe stops it.`,
      );
    }
    const minSeverity = command.severity ?? DEFAULT_SUBSCRIPTION_SEVERITY;
    const subscription = await deps.store.put({
      conversation: where,
      minSeverity,
      createdBy: interaction.actor,
    });
    await audit(deps, interaction, 'subscribe', `subscribed ${minSeverity}`);
    return privateNote(
      'Subscribed',
      `${describe(subscription)} New alerts are checked every poll interval.`,
      `${prefix}unsubscribe stops it.`,
    );
  };
}

function describe(subscription: Subscription): string {
  const groups = subscription.deviceGroups
    ? ` from device groups ${subscription.deviceGroups.join(', ')}`
    : '';
  return `This conversation receives ${THRESHOLD_WORDS[subscription.minSeverity]}${groups} (set by ${nameOf(subscription.createdBy)} on ${subscription.createdAt.slice(0, 16).replace('T', ' ')} UTC).`;
}

async function audit(
  deps: SubscriptionCommandDeps,
  interaction: Interaction,
  verb: string,
  outcome: string,
): Promise<void> {
  await deps.audit.record({
    type: 'command',
    at: new Date(interaction.receivedAt).toISOString(),
    correlationId: interaction.correlationId,
    platform: interaction.platform,
    actorId: interaction.actor.id,
    ...(interaction.actor.aadObjectId ? { actorAad: interaction.actor.aadObjectId } : {}),
    verb,
    outcome,
    details: { conversation: `${interaction.conversation.platform}:${interaction.conversation.id}` },
  });
}
