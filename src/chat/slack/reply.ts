// The Reply port for Slack: post, update and ephemeral messages through the Web API, with every
// failure turned into a BotError the notify queue can act on.
import type {
  ChatUser,
  ConversationRef,
  Logger,
  MessageRef,
  OutgoingMessage,
  PostOptions,
  Reply,
  UploadedFile,
} from '../../core/index.js';
import { slackErrorToBotError } from './errors.js';
import { toSlackMessage } from './render.js';
import type { SlackWebClient } from './web-client.js';

/** The part of the WebClient the Reply uses (a WebClient fits). */
export type SlackChatClient = Pick<SlackWebClient, 'chat' | 'conversations'> &
  Partial<Pick<SlackWebClient, 'files'>>;

/** Message metadata type naming defbot's posts; the payload carries the queue's post key. */
export const POST_METADATA_TYPE = 'defbot_post';
/** How far back a lost post is looked for: a retry comes within minutes, never beyond a few pages. */
const FIND_POST_MAX_PAGES = 3;
const FIND_POST_PAGE_SIZE = 100;
/** Slack's ts is Slack's clock; allow for it differing from ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

function postKeyOf(message: {
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}): unknown {
  return message.metadata?.event_type === POST_METADATA_TYPE
    ? message.metadata.event_payload?.post_key
    : undefined;
}

async function call<T>(method: string, logger: Logger, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const botError = slackErrorToBotError(error, method);
    logger.warn({ method, code: botError.code, details: botError.details }, 'slack call failed');
    throw botError;
  }
}

/**
 * Where a response_url may point: Slack's hooks host, or the host of our Slack API base (a proxy or
 * the local fakes). Anything else in a job's data is not followed.
 */
export function responseUrlGuard(apiUrl: string): (url: string) => boolean {
  const apiHost = new URL(apiUrl).host;
  return (url) => {
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'https:' && parsed.host === 'hooks.slack.com') || parsed.host === apiHost;
    } catch {
      return false;
    }
  };
}

/**
 * A response_url call Slack did not take. `mayPass`: a rate limit, a server error or no answer at all,
 * which a later try can get past; an expired or used-up URL (30 minutes, 5 uses) never will.
 */
class ResponseUrlRefused extends Error {
  constructor(
    message: string,
    readonly mayPass: boolean,
  ) {
    super(message);
  }
}

/** A slash command's working message is its ephemeral ack: only its response_url reaches it. */
async function respondTo(url: string, body: Record<string, unknown>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ResponseUrlRefused(`response_url unreachable: ${String(error)}`, true);
  }
  if (!response.ok)
    throw new ResponseUrlRefused(
      `response_url answered HTTP ${response.status}`,
      response.status === 429 || response.status >= 500,
    );
  // Slack answers "ok" or {"ok":true}; a refusal may still come as 200 with {"ok":false,"error":…}.
  const answer = await response.text().catch(() => '');
  if (refused(answer)) throw new ResponseUrlRefused(`response_url refused: ${answer.slice(0, 200)}`, false);
}

function refused(answer: string): boolean {
  try {
    return (JSON.parse(answer) as { ok?: unknown } | null)?.ok === false;
  } catch {
    return false;
  }
}

const mayPass = (error: unknown): boolean => error instanceof ResponseUrlRefused && error.mayPass;

export function createSlackReply(
  client: SlackChatClient,
  logger: Logger,
  responseUrlAllowed: (url: string) => boolean = () => false,
): Reply {
  const log = logger.child({ component: 'slack-reply' });
  const upload = client.files ? uploadWith(client.files, log) : undefined;
  return {
    /**
     * The working message (the slash command's ephemeral ack) becomes a private result or a failure
     * in place, seen by the requester alone as before; for a public result it goes away and the caller
     * posts the result in the channel. Past the response_url's life (30 minutes, 5 uses) the working
     * message stays and the caller sends the result as a new message; when Slack refused for a reason
     * that may pass (429, 5xx, no answer), `retry` tells the caller a later try may still reach it.
     */
    async finishWorking(conversation, _correlationId, result) {
      const url = conversation.platformData?.responseUrl;
      if (typeof url !== 'string' || !responseUrlAllowed(url)) return { delivered: false };
      if (result.audience === 'public') {
        try {
          await respondTo(url, { delete_original: true });
          return { delivered: false };
        } catch (error) {
          log.info({ err: error }, 'the working message could not be deleted');
          return { delivered: false, ...(mayPass(error) ? { retry: true as const } : {}) };
        }
      }
      try {
        await respondTo(url, {
          replace_original: true,
          response_type: 'ephemeral',
          ...toSlackMessage(result.message),
        });
        return { delivered: true };
      } catch (error) {
        log.info({ err: error }, 'the working message could not be replaced');
        return { delivered: false, ...(mayPass(error) ? { retry: true as const } : {}) };
      }
    },
    async post(
      conversation: ConversationRef,
      message: OutgoingMessage,
      options?: PostOptions,
    ): Promise<MessageRef> {
      const metadata = options?.postKey
        ? { event_type: POST_METADATA_TYPE, event_payload: { post_key: options.postKey } }
        : undefined;
      const result = await call('chat.postMessage', log, () =>
        client.chat.postMessage({
          channel: conversation.id,
          ...toSlackMessage(message),
          ...(metadata ? { metadata } : {}),
        }),
      );
      if (!result.ts)
        throw slackErrorToBotError(new Error('chat.postMessage answered without a ts'), 'chat.postMessage');
      return { conversation, messageId: result.ts };
    },
    async findPost(
      conversation: ConversationRef,
      postKey: string,
      sinceMs: number,
    ): Promise<MessageRef | undefined> {
      const oldestSeconds = (sinceMs - CLOCK_SKEW_MS) / 1000;
      let cursor: string | undefined;
      for (let page = 0; page < FIND_POST_MAX_PAGES; page += 1) {
        const result = await call('conversations.history', log, () =>
          client.conversations.history({
            channel: conversation.id,
            include_all_metadata: true,
            limit: FIND_POST_PAGE_SIZE,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const messages = result.messages ?? [];
        const found = messages.find((m) => postKeyOf(m) === postKey);
        if (found?.ts) return { conversation, messageId: found.ts };
        // Newest first: once a page reaches back past the post's job, the post is not there.
        const oldest = Number(messages.at(-1)?.ts ?? 0);
        cursor = result.response_metadata?.next_cursor;
        if (!result.has_more || !cursor || oldest < oldestSeconds) return undefined;
      }
      return undefined;
    },
    async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      await call('chat.update', log, () =>
        client.chat.update({ channel: ref.conversation.id, ts: ref.messageId, ...toSlackMessage(message) }),
      );
    },
    async postPrivate(
      conversation: ConversationRef,
      user: ChatUser,
      message: OutgoingMessage,
    ): Promise<void> {
      await call('chat.postEphemeral', log, () =>
        client.chat.postEphemeral({ channel: conversation.id, user: user.id, ...toSlackMessage(message) }),
      );
    },
    ...(upload ? { uploadFile: upload } : {}),
    ...(upload
      ? {
          // The direct message between the bot and the user: nobody else sees what lands there.
          async uploadPrivately(conversation: ConversationRef, user: ChatUser, file: UploadedFile) {
            const opened = await call('conversations.open', log, () =>
              client.conversations.open({ users: user.id }),
            );
            const dm = opened.channel?.id;
            if (!dm)
              throw slackErrorToBotError(new Error('Slack opened no direct message'), 'conversations.open');
            await upload({ ...conversation, id: dm }, file);
          },
        }
      : {}),
  };
}

/**
 * Slack's external upload (files.upload is retired): ask for an upload URL, POST the bytes to it,
 * then complete the upload into the channel. The upload URL is Slack's own and takes no token.
 */
function uploadWith(files: SlackWebClient['files'], log: Logger): NonNullable<Reply['uploadFile']> {
  return async (conversation, file) => {
    const bytes = Buffer.from(file.content, 'utf8');
    const target = await call('files.getUploadURLExternal', log, () =>
      files.getUploadURLExternal({ filename: file.filename, length: bytes.length }),
    );
    if (!target.upload_url || !target.file_id)
      throw slackErrorToBotError(new Error('Slack returned no upload URL'), 'files.getUploadURLExternal');
    const uploaded = await fetch(target.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: bytes,
    }).catch((error: unknown) => {
      throw slackErrorToBotError(error, 'files.upload');
    });
    if (!uploaded.ok)
      throw slackErrorToBotError(new Error(`upload answered HTTP ${uploaded.status}`), 'files.upload');
    await call('files.completeUploadExternal', log, () =>
      files.completeUploadExternal({
        files: [{ id: target.file_id as string, title: file.title }],
        channel_id: conversation.id,
      }),
    );
  };
}
