// The Reply port for Teams: proactive posts and card updates into a known conversation, and private
// messages in a 1:1 chat, with connector failures turned into BotErrors the notify queue acts on.
import type { ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import {
  BotError,
  type ChatUser,
  type ConversationRef,
  type Logger,
  type MessageRef,
  type OutgoingMessage,
  type Reply,
} from '../../core/index.js';
import type { ConversationStore } from './conversation-store.js';
import { answeredPrivately, type WorkingHandoff } from './working.js';
import type { TeamsCloudAdapter } from './cloud-adapter.js';
import { connectorErrorToBotError, describeError, isGoneFailure } from './errors.js';
import { conversationReferenceSchema, type StoredConversationReference } from './payloads.js';
import { toTeamsActivity } from './render.js';

export interface TeamsReplyOptions {
  adapter: Pick<TeamsCloudAdapter, 'continueConversationAsync' | 'createConversationAsync'>;
  /** '' when authentication is off. */
  appId: string;
  /** Token audience for outbound calls (botbuilder's ToChannelFromBotOAuthScope). */
  audience: string;
  store: ConversationStore;
  logger: Logger;
  /** Where a typed command's working card meets its result (see working.ts); absent: results post anew. */
  working?: WorkingHandoff;
}

const UNKNOWN_CONVERSATION =
  'The bot has no way to reach that Teams conversation yet; mention it there once.';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `work` inside a botbuilder turn and hands back what it returned or threw: botbuilder would route a throw to onTurnError and swallow it. */
async function captured<T>(
  run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let outcome: Outcome<T> | undefined;
  try {
    await run(async (context) => {
      try {
        outcome = { ok: true, value: await work(context) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (!outcome) throw new Error('botbuilder never ran the turn');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Our validated JSON -> botbuilder's type, whose ConversationAccount marks name/isGroup required though Teams omits them. */
function asBotbuilderReference(reference: StoredConversationReference): Partial<ConversationReference> {
  return reference as unknown as Partial<ConversationReference>;
}

export function createTeamsReply(options: TeamsReplyOptions): Reply {
  const { adapter, appId, store } = options;
  const logger = options.logger.child({ component: 'teams-reply' });

  async function referenceFor(
    conversation: ConversationRef,
  ): Promise<StoredConversationReference | undefined> {
    const fromData = conversationReferenceSchema.safeParse(conversation.platformData);
    if (fromData.success && fromData.data.conversation.id === conversation.id) return fromData.data;
    return store.get(conversation.id);
  }

  async function failed(
    error: unknown,
    operation: string,
    conversationId: string,
    prune: boolean,
  ): Promise<BotError> {
    const botError = connectorErrorToBotError(error, operation);
    logger.warn(
      { operation, conversationId, code: botError.code, error: describeError(error) },
      'teams call failed',
    );
    if (prune && isGoneFailure(error)) {
      await store
        .delete(conversationId)
        .catch((pruneError: unknown) =>
          logger.warn(
            { error: describeError(pruneError) },
            'could not prune the teams conversation reference',
          ),
        );
      logger.info({ conversationId }, 'teams conversation reference pruned: the bot is no longer there');
    }
    return botError;
  }

  async function inConversation<T>(
    conversation: ConversationRef,
    operation: string,
    work: (context: TurnContext) => Promise<T>,
  ): Promise<T> {
    const reference = await referenceFor(conversation);
    if (!reference) throw new BotError('NOT_FOUND', UNKNOWN_CONVERSATION, { details: { operation } });
    try {
      return await captured(
        (logic) => adapter.continueConversationAsync(appId, asBotbuilderReference(reference), logic),
        work,
      );
    } catch (error) {
      throw await failed(error, operation, conversation.id, true);
    }
  }

  return {
    async post(conversation: ConversationRef, message: OutgoingMessage): Promise<MessageRef> {
      const sent = await inConversation(conversation, 'post', (context) =>
        context.sendActivity(toTeamsActivity(message)),
      );
      if (!sent?.id)
        throw new BotError('INTERNAL', 'Teams accepted the message but gave no id for it.', {
          details: { operation: 'post' },
        });
      return { conversation, messageId: sent.id };
    },

    async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      await inConversation(ref.conversation, 'update', (context) =>
        context.updateActivity({ ...toTeamsActivity(message), id: ref.messageId }),
      );
    },

    async finishWorking(_conversation, correlationId, result) {
      // A failure with no card yet goes to the 1:1 chat, so a card sent after it points there.
      const claimed = result.audience === 'failure' ? 'private' : result.audience;
      const card = await options.working?.claimResult(correlationId, claimed);
      if (!card) return { delivered: false };
      if (result.audience !== 'private') {
        // The working card, seen by the whole conversation, becomes the result or says why it failed.
        await this.update(card, result.message);
        return { delivered: true, ref: card };
      }
      // The result goes to the person's 1:1 chat; the channel keeps one line saying so.
      await this.update(card, answeredPrivately()).catch((error: unknown) =>
        options.logger.info({ err: error }, 'the working card could not be pointed at the private answer'),
      );
      return { delivered: false };
    },

    async postPrivate(
      conversation: ConversationRef,
      user: ChatUser,
      message: OutgoingMessage,
    ): Promise<void> {
      const reference = await referenceFor(conversation);
      const serviceUrl = conversation.serviceUrl ?? reference?.serviceUrl;
      if (!serviceUrl)
        throw new BotError('NOT_FOUND', UNKNOWN_CONVERSATION, { details: { operation: 'postPrivate' } });
      const tenantId = conversation.tenantId ?? user.tenantId ?? reference?.conversation.tenantId;
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: { id: reference?.bot.id ?? appId, name: reference?.bot.name ?? '' },
        members: [{ id: user.id, name: user.displayName ?? '' }],
        tenantId,
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      };
      try {
        await captured(
          (logic) =>
            adapter.createConversationAsync(
              appId,
              'msteams',
              serviceUrl,
              options.audience,
              parameters,
              logic,
            ),
          (context) => context.sendActivity(toTeamsActivity(message)),
        );
      } catch (error) {
        // A refusal here concerns the 1:1 chat with this user, not the conversation it was asked from.
        throw await failed(error, 'postPrivate', conversation.id, false);
      }
    },
  };
}
