// Button clicks (block_actions) through the real server: the opaque id and the verified clicking user
// reach the core, and each answer lands on the fake Slack as the right Web API call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_BUTTON_TEXT, toBlockKit } from '../../src/chat/slack/index.js';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET, card, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const approvedCard = card('Approved by alice');

async function click(options: Parameters<typeof blockActionsBody>[0]): Promise<Response> {
  return postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, blockActionsBody(options));
}

describe('block_actions', () => {
  it('hands the core the opaque id and the clicking user from the signed payload, not from the value', async () => {
    const res = await click({
      userId: 'U0BOB',
      teamId: 'T0TEAM',
      actions: [{ action_id: 'approval.approve', value: 'U999' }],
    });
    expect(res.status).toBe(200);
    await expect.poll(() => harness.seen.length).toBe(1);
    expect(harness.seen[0]).toMatchObject({
      platform: 'slack',
      actor: { platform: 'slack', id: 'U0BOB', tenantId: 'T0TEAM' },
      conversation: { platform: 'slack', id: 'C0SOC', tenantId: 'T0TEAM' },
      input: {
        kind: 'cardAction',
        actionId: 'U999',
        verb: 'approval.approve',
        messageId: '1700000000.000100',
      },
    });
  });

  it('strips the converter\'s "#N" uniqueness suffix from the verb', async () => {
    await click({ actions: [{ action_id: 'machine.show#3', value: 'mch_42' }] });
    await expect.poll(() => harness.seen.length).toBe(1);
    expect(harness.seen[0]?.input).toEqual({
      kind: 'cardAction',
      actionId: 'mch_42',
      verb: 'machine.show',
      messageId: '1700000000.000100',
    });
  });

  it('replaces the clicked message with chat.update on a replace answer', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'replace', message: { card: approvedCard, text: 'Approved' } }),
    );
    await click({ channelId: 'C0SOC', messageTs: '1700000000.000777' });
    const update = await harness.fake.waitFor((call) => call.method === 'chat.update');
    expect(update.body).toMatchObject({
      channel: 'C0SOC',
      ts: '1700000000.000777',
      text: 'Approved',
      blocks: toBlockKit(approvedCard).blocks,
    });
    expect(update.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('replaces an ephemeral message through its response_url', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'replace', message: { card: approvedCard, text: 'Approved' } }),
    );
    await click({ isEphemeral: true, responseUrl: harness.fake.responseUrl('eph-1') });
    const call = await harness.fake.waitFor((c) => c.method === 'response_url');
    expect(call.body).toMatchObject({
      replace_original: true,
      text: 'Approved',
      blocks: toBlockKit(approvedCard).blocks,
    });
    expect(harness.fake.calls().some((c) => c.method === 'chat.update')).toBe(false);
  });

  it('answers a private answer with chat.postEphemeral to the clicking user', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'private', message: { card: approvedCard, text: 'Only you' } }),
    );
    await click({ userId: 'U0BOB' });
    const call = await harness.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(call.body).toMatchObject({ channel: 'C0SOC', user: 'U0BOB', text: 'Only you' });
  });

  it('answers a channel answer with chat.postMessage', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'channel', message: { card: approvedCard, text: 'For everyone' } }),
    );
    await click({});
    const call = await harness.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body).toMatchObject({
      channel: 'C0SOC',
      text: 'For everyone',
      blocks: toBlockKit(approvedCard).blocks,
    });
  });

  it.each([
    ['a value with forbidden characters', { action_id: 'approval.approve', value: '{"user":"U999"}' }],
    ['an over-long value', { action_id: 'approval.approve', value: 'a'.repeat(201) }],
    ['no value', { action_id: 'approval.approve' }],
    ['an odd action_id', { action_id: 'approve <script>', value: 'apr_1' }],
  ])(
    'tells the user privately that a button with %s is no longer valid, without calling the core',
    async (_name, action) => {
      await click({ userId: 'U0BOB', actions: [action] });
      const call = await harness.fake.waitFor((c) => c.method === 'chat.postEphemeral');
      expect(call.body).toMatchObject({ channel: 'C0SOC', user: 'U0BOB', text: INVALID_BUTTON_TEXT });
      expect(harness.seen).toEqual([]);
    },
  );

  it('tells the user privately when the handler fails', async () => {
    harness.answerWith(() => Promise.reject(new Error('queue down')));
    await click({ userId: 'U0BOB' });
    const call = await harness.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(call.body).toMatchObject({ user: 'U0BOB', text: 'Something went wrong; try again.' });
  });

  it('only acks link buttons', async () => {
    const res = await click({
      actions: [{ action_id: 'open-url' }, { action_id: 'machine.show', value: 'mch_1' }],
    });
    expect(res.status).toBe(200);
    await expect.poll(() => harness.seen.length).toBe(1);
    expect(harness.seen[0]?.input).toMatchObject({ actionId: 'mch_1' });
  });

  it('refuses an unsigned click with 401', async () => {
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, 'wrong-secret', blockActionsBody({}));
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
  });
});

describe('Events API', () => {
  it('answers the url_verification challenge', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'ch4ll3nge', type: 'url_verification' });
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body, {
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ch4ll3nge' });
  });

  it('acks other events without calling the core', async () => {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T0TEAM',
      api_app_id: 'A0DEFBOT',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1_700_000_000,
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: '<@U0BOT> hi',
        ts: '1700000000.000001',
        channel: 'C0SOC',
        event_ts: '1700000000.000001',
      },
    });
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body, {
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
    await expect.poll(() => harness.log.text()).toContain('slack event ignored');
    expect(harness.seen).toEqual([]);
  });
});
