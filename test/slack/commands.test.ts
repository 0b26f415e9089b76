// Slash commands through the real server: signature and timestamp checks before the handler, the
// Interaction the core receives, and each ImmediateAnswer rendered in the ack body.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_PATTERN, FAILURE_TEXT, toBlockKit } from '../../src/chat/slack/index.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { BOT_TOKEN, SIGNING_SECRET, card, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness({ clock: { now: () => 1_750_000_000_000 }, ackDeadlineMs: 300 });
});
afterEach(async () => {
  await harness.close();
});

const answerCard = card('Machine **pc-01** is healthy');

describe('slash command', () => {
  it('acks a signed command with the ephemeral Block Kit answer and hands the core the verified Interaction', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'private', message: { card: answerCard, text: 'pc-01 is healthy' } }),
    );
    const body = slashCommandBody({
      text: 'machine show pc-01',
      user_id: 'U0ALICE',
      user_name: 'alice',
      team_id: 'T0TEAM',
      channel_id: 'C0SOC',
    });
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_type: 'ephemeral',
      text: 'pc-01 is healthy',
      blocks: toBlockKit(answerCard).blocks,
    });
    expect(harness.seen).toHaveLength(1);
    const [interaction] = harness.seen;
    expect(interaction).toMatchObject({
      platform: 'slack',
      actor: {
        platform: 'slack',
        id: 'U0ALICE',
        tenantId: 'T0TEAM',
        displayName: 'alice',
        email: undefined,
        aadObjectId: undefined,
      },
      conversation: {
        platform: 'slack',
        id: 'C0SOC',
        tenantId: 'T0TEAM',
        serviceUrl: undefined,
        platformData: { responseUrl: 'https://hooks.slack.com/commands/T0TEAM/1/abc' },
      },
      input: { kind: 'command', text: 'machine show pc-01' },
      receivedAt: 1_750_000_000_000,
    });
    expect(interaction?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a channel answer in_channel and a none answer with an empty 200', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'channel', message: { card: answerCard, text: 'for all' } }),
    );
    const channel = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    expect(await channel.json()).toMatchObject({ response_type: 'in_channel', text: 'for all' });

    harness.answerWith(() => Promise.resolve({ visibility: 'none' }));
    const none = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    expect(none.status).toBe(200);
    expect(await none.text()).toBe('');
  });

  it('matches /defender and /defender-<suffix> only', () => {
    expect(['/defender', '/defender-dev', '/defender_test'].every((name) => COMMAND_PATTERN.test(name))).toBe(
      true,
    );
    expect(['/defenderx', '/other', '/def'].some((name) => COMMAND_PATTERN.test(name))).toBe(false);
  });

  it('serves /defender-dev too', async () => {
    const dev = await postSignedToSlackEndpoint(
      harness.eventsUrl,
      SIGNING_SECRET,
      slashCommandBody({ command: '/defender-dev', text: 'help' }),
    );
    expect(dev.status).toBe(200);
    expect(harness.seen.map((i) => i.input)).toEqual([{ kind: 'command', text: 'help' }]);
  });

  it('refuses a forged signature with 401 before the handler', async () => {
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody(), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
  });

  it('refuses a body signed with another secret with 401', async () => {
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, 'some-other-secret', slashCommandBody());
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
  });

  it('refuses a correctly signed request whose timestamp is 10 minutes old with 401', async () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody(), {
      timestamp: tenMinutesAgo,
    });
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
  });

  it('acks with a plain ephemeral error when the handler throws', async () => {
    harness.answerWith(() => Promise.reject(new Error('dispatcher exploded')));
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: FAILURE_TEXT });
    expect(harness.log.text()).toContain('dispatcher exploded');
  });

  it('acks empty when the handler misses the deadline, then posts the answer to response_url', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    harness.answerWith(async () => {
      await gate;
      return { visibility: 'private', message: { card: answerCard, text: 'late answer' } };
    });
    const body = slashCommandBody({ response_url: harness.fake.responseUrl('cmd-1') });
    const res = await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    release();
    const call = await harness.fake.waitFor((c) => c.method === 'response_url');
    expect(call.responseId).toBe('cmd-1');
    expect(call.body).toEqual({
      response_type: 'ephemeral',
      text: 'late answer',
      blocks: toBlockKit(answerCard).blocks,
    });
  });

  it('shares the server with the probes', async () => {
    expect((await fetch(`${harness.base}/healthz`)).status).toBe(200);
  });

  it('never logs the bot token or the signing secret', async () => {
    harness.answerWith(() => Promise.reject(new Error('boom')));
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody(), {
      signature: 'v0=bad',
    });
    await harness.adapter.reply.post(
      { platform: 'slack', id: 'C0SOC', tenantId: undefined, serviceUrl: undefined, platformData: undefined },
      { card: answerCard, text: 'x' },
    );
    await harness.fake.waitFor((c) => c.method === 'auth.test');
    const logged = harness.log.text();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).toContain('slack-sdk');
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain(SIGNING_SECRET);
  });
});
