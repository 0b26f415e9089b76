// The Reply port for Slack: post, update and ephemeral messages through the Web API, with every
// failure turned into a BotError the notify queue can act on.
import type { ChatUser, ConversationRef, Logger, MessageRef, OutgoingMessage, Reply } from '../../core/index.js';
import { slackErrorToBotError } from './errors.js';
import { toSlackMessage } from './render.js';
import type { SlackWebClient } from './web-client.js';

/** The part of the WebClient the Reply uses (a WebClient fits). */
export type SlackChatClient = Pick<SlackWebClient, 'chat'>;

async function call<T>(method: string, logger: Logger, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const botError = slackErrorToBotError(error, method);
    logger.warn({ method, code: botError.code, details: botError.details }, 'slack call failed');
    throw botError;
  }
}

export function createSlackReply(client: SlackChatClient, logger: Logger): Reply {
  const log = logger.child({ component: 'slack-reply' });
  return {
    async post(conversation: ConversationRef, message: OutgoingMessage): Promise<MessageRef> {
      const result = await call('chat.postMessage', log, () =>
        client.chat.postMessage({ channel: conversation.id, ...toSlackMessage(message) }),
      );
      if (!result.ts) throw slackErrorToBotError(new Error('chat.postMessage answered without a ts'), 'chat.postMessage');
      return { conversation, messageId: result.ts };
    },
    async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      await call('chat.update', log, () => client.chat.update({ channel: ref.conversation.id, ts: ref.messageId, ...toSlackMessage(message) }));
    },
    async postPrivate(conversation: ConversationRef, user: ChatUser, message: OutgoingMessage): Promise<void> {
      await call('chat.postEphemeral', log, () =>
        client.chat.postEphemeral({ channel: conversation.id, user: user.id, ...toSlackMessage(message) }),
      );
    },
  };
}
