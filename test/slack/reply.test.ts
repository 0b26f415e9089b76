// The Slack Reply port against the fake Web API: what each method sends, and how Slack's failures
// become BotErrors the notify queue can act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBoltLogger,
  createSlackReply,
  createSlackWebClient,
  toBlockKit,
} from '../../src/chat/slack/index.js';
import { POST_METADATA_TYPE, responseUrlGuard } from '../../src/chat/slack/reply.js';
import { BotError, type ChatUser, type ConversationRef, type Reply } from '../../src/core/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { BOT_TOKEN, captureLog, card, slackConfig, slackReplyFor } from './harness.js';

const conversation: ConversationRef = {
  platform: 'slack',
  id: 'C0SOC',
  tenantId: 'T0TEAM',
  serviceUrl: undefined,
  platformData: undefined,
};
const bob: ChatUser = {
  platform: 'slack',
  id: 'U0BOB',
  tenantId: 'T0TEAM',
  displayName: 'bob',
  email: undefined,
  aadObjectId: undefined,
};
const isolationCard = card('Isolation of **pc-01** requested');
const message = { card: isolationCard, text: 'Isolation of pc-01 requested' };

let fake: FakeSlack;
let reply: Reply;
let log: ReturnType<typeof captureLog>;

const replyFor = (apiUrl: string): Reply => slackReplyFor(apiUrl, log.logger);

beforeEach(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  log = captureLog();
  reply = replyFor(fake.apiUrl);
});
afterEach(async () => {
  await fake.close();
});

async function failure(run: () => Promise<unknown>): Promise<BotError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('Slack Reply', () => {
  it('posts the converted card and returns the message ts', async () => {
    const ref = await reply.post(conversation, message);
    expect(ref).toEqual({ conversation, messageId: '1700000000.000100' });
    const [call] = fake.calls();
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call?.body).toMatchObject({
      channel: 'C0SOC',
      text: 'Isolation of pc-01 requested',
      blocks: toBlockKit(isolationCard).blocks,
    });
    expect((await reply.post(conversation, message)).messageId).toBe('1700000000.000101');
  });

  it('escapes the plain fallback text for mrkdwn', async () => {
    await reply.post(conversation, { card: isolationCard, text: 'a <b> & <!channel>' });
    expect(fake.calls()[0]?.body.text).toBe('a &lt;b&gt; &amp; &lt;!channel&gt;');
  });

  it('updates a message in place', async () => {
    await reply.update({ conversation, messageId: '1700000000.000555' }, message);
    expect(fake.calls()[0]).toMatchObject({
      method: 'chat.update',
      body: {
        channel: 'C0SOC',
        ts: '1700000000.000555',
        text: message.text,
        blocks: toBlockKit(isolationCard).blocks,
      },
    });
  });

  it('posts privately to one user', async () => {
    await reply.postPrivate(conversation, bob, message);
    expect(fake.calls()[0]).toMatchObject({
      method: 'chat.postEphemeral',
      body: { channel: 'C0SOC', user: 'U0BOB', text: message.text },
    });
  });

  it('turns HTTP 429 into THROTTLED with the Retry-After delay, without retrying inside the client', async () => {
    fake.failNext('chat.postMessage', 429, 7);
    const error = await failure(() => reply.post(conversation, message));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
    expect(fake.calls().filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it.each([
    ['not_in_channel', 'FORBIDDEN', /invite it with \/invite @defbot/],
    ['channel_not_found', 'NOT_FOUND', /invite/],
    ['is_archived', 'FORBIDDEN', /archived/],
    ['message_not_found', 'NOT_FOUND', /no longer exists/],
    ['cant_update_message', 'FORBIDDEN', /cannot change/],
    ['account_inactive', 'FORBIDDEN', /inactive/],
  ])('turns %s into a permanent %s', async (slackError, code, words) => {
    fake.failNext('chat.update', slackError);
    const error = await failure(() => reply.update({ conversation, messageId: '1.2' }, message));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.userMessage).toMatch(words);
    expect(error.details).toMatchObject({ method: 'chat.update', slackError });
  });

  it('turns a wrong token (invalid_auth) into a permanent FORBIDDEN', async () => {
    const wrongToken = createSlackReply(
      createSlackWebClient(
        { ...slackConfig(fake.apiUrl), botToken: 'xoxb-wrong' },
        createBoltLogger(log.logger, []),
      ),
      log.logger,
    );
    const error = await failure(() => wrongToken.postPrivate(conversation, bob, message));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.retryable).toBe(false);
  });

  it('turns HTTP 5xx into TRANSIENT', async () => {
    fake.failNext('chat.postEphemeral', 503);
    const error = await failure(() => reply.postPrivate(conversation, bob, message));
    expect(error.code).toBe('TRANSIENT');
    expect(error.retryable).toBe(true);
  });

  it('turns an unreachable Slack into TRANSIENT', async () => {
    const unreachable = await startFakeSlack();
    const apiUrl = unreachable.apiUrl;
    await unreachable.close();
    const error = await failure(() => replyFor(apiUrl).post(conversation, message));
    expect(error.code).toBe('TRANSIENT');
  });

  it('never logs the bot token while failing', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    await failure(() => reply.post(conversation, message));
    expect(log.text()).toContain('slack call failed');
    expect(log.text()).not.toContain(BOT_TOKEN);
  });

  describe('finding a post whose answer was lost', () => {
    let live: FakeSlack;
    let liveReply: Reply;
    const now = Date.now();
    beforeEach(async () => {
      // Real-clock ts values, so the look-back window means what it means against Slack.
      live = await startFakeSlack({ botToken: BOT_TOKEN, tsSeconds: Math.floor(now / 1000) });
      liveReply = replyFor(live.apiUrl);
    });
    afterEach(async () => {
      await live.close();
    });

    it('stamps the post key on the message as metadata', async () => {
      await liveReply.post(conversation, message, { postKey: 'notify:42' });
      expect(live.calls()[0]?.body.metadata).toEqual({
        event_type: POST_METADATA_TYPE,
        event_payload: { post_key: 'notify:42' },
      });
      await liveReply.post(conversation, message);
      expect(live.calls()[1]?.body.metadata).toBeUndefined();
    });

    it('finds the message posted with the key, not one posted with another', async () => {
      const lost = await liveReply.post(conversation, message, { postKey: 'notify:7' });
      await liveReply.post(conversation, message, { postKey: 'notify:8' });
      expect(await liveReply.findPost!(conversation, 'notify:7', now)).toEqual(lost);
      expect(await liveReply.findPost!(conversation, 'notify:9', now)).toBeUndefined();
      const history = live.calls().find((c) => c.method === 'conversations.history');
      expect(history?.body).toMatchObject({ channel: 'C0SOC', include_all_metadata: 'true' });
    });

    it('pages back through a busy channel', async () => {
      const lost = await liveReply.post(conversation, message, { postKey: 'notify:busy' });
      for (let i = 0; i < 150; i += 1) await liveReply.post(conversation, message);
      expect(await liveReply.findPost!(conversation, 'notify:busy', now)).toEqual(lost);
      expect(live.calls().filter((c) => c.method === 'conversations.history')).toHaveLength(2);
    });

    it('stops paging once the channel reaches back past the job', async () => {
      await liveReply.post(conversation, { card: isolationCard, text: 'old' }, { postKey: 'notify:old' });
      for (let i = 0; i < 150; i += 1) await liveReply.post(conversation, message);
      // Asked about a job created an hour from now: the first page is already older than it.
      expect(await liveReply.findPost!(conversation, 'notify:old', now + 3_600_000)).toBeUndefined();
      expect(live.calls().filter((c) => c.method === 'conversations.history')).toHaveLength(1);
    });

    it('turns a missing history scope into a permanent error the caller can fall back from', async () => {
      live.failNext('conversations.history', 'missing_scope');
      const error = await failure(() => liveReply.findPost!(conversation, 'notify:1', now));
      expect(error.retryable).toBe(false);
    });
  });
});

describe('Slack Reply: a typed command’s working message meets its result', () => {
  const failed = { card: card('Defender is not answering'), text: 'Defender is not answering: HTTP 500' };
  const withResponseUrl = (url: string): ConversationRef => ({
    ...conversation,
    platformData: { responseUrl: url },
  });
  let working: Reply;
  beforeEach(() => {
    working = createSlackReply(
      createSlackWebClient(slackConfig(fake.apiUrl), createBoltLogger(log.logger, [BOT_TOKEN])),
      log.logger,
      responseUrlGuard(fake.apiUrl),
    );
  });

  it.each(['private', 'failure'] as const)(
    'replaces the ephemeral working message with a %s result through its response_url',
    async (audience) => {
      const shown = audience === 'failure' ? failed : message;
      const finished = await working.finishWorking!(withResponseUrl(fake.responseUrl('w1')), 'corr-1', {
        audience,
        message: shown,
      });
      expect(finished).toEqual({ delivered: true });
      const [call] = fake.calls();
      expect(call).toMatchObject({ method: 'response_url', responseId: 'w1' });
      expect(call?.body).toEqual({
        replace_original: true,
        response_type: 'ephemeral',
        text: shown.text,
        blocks: toBlockKit(shown.card).blocks,
      });
      expect(fake.responseMessage('w1')).toEqual({ text: shown.text, blocks: toBlockKit(shown.card).blocks });
    },
  );

  it('deletes the working message for a public result, which the caller then posts', async () => {
    const finished = await working.finishWorking!(withResponseUrl(fake.responseUrl('w2')), 'corr-2', {
      audience: 'public',
      message,
    });
    expect(finished).toEqual({ delivered: false });
    expect(fake.calls().map((c) => c.body)).toEqual([{ delete_original: true }]);
    expect(fake.responseMessage('w2')).toBe('deleted');
  });

  it('leaves a private result to the caller when the response_url has expired or fails; a failure that may pass says retry', async () => {
    fake.expireResponseUrl('w3');
    expect(
      await working.finishWorking!(withResponseUrl(fake.responseUrl('w3')), 'c', {
        audience: 'private',
        message,
      }),
    ).toEqual({ delivered: false });
    fake.failNext('response_url', 500);
    expect(
      await working.finishWorking!(withResponseUrl(fake.responseUrl('w4')), 'c', {
        audience: 'failure',
        message,
      }),
    ).toEqual({ delivered: false, retry: true });
    fake.failNext('response_url', 'expired_url');
    expect(
      await working.finishWorking!(withResponseUrl(fake.responseUrl('w5')), 'c', {
        audience: 'private',
        message,
      }),
    ).toEqual({ delivered: false });
    expect(fake.calls()).toHaveLength(3);
  });

  it('says retry when Slack rate-limits the delete of the working message, not when the URL has expired', async () => {
    fake.failNext('response_url', 429);
    expect(
      await working.finishWorking!(withResponseUrl(fake.responseUrl('w7')), 'c', {
        audience: 'public',
        message,
      }),
    ).toEqual({ delivered: false, retry: true });
    expect(fake.responseMessage('w7')).toBeUndefined();
    fake.expireResponseUrl('w8');
    expect(
      await working.finishWorking!(withResponseUrl(fake.responseUrl('w8')), 'c', {
        audience: 'public',
        message,
      }),
    ).toEqual({ delivered: false });
  });

  it('never follows a response_url outside Slack and our API host, nor a missing one', async () => {
    const elsewhere = withResponseUrl('https://attacker.example/response/w6');
    expect(await working.finishWorking!(elsewhere, 'c', { audience: 'private', message })).toEqual({
      delivered: false,
    });
    expect(await working.finishWorking!(conversation, 'c', { audience: 'failure', message })).toEqual({
      delivered: false,
    });
    expect(fake.calls()).toEqual([]);
  });
});
