// With MICROSOFT_APP_ID set every request needs a valid Bot Framework channel JWT (checked against the
// fake's OpenID metadata and JWKS): anything else is a 401 that reaches nothing, and no secret is logged.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GROUP_CHAT_ID,
  cardActionActivity,
  messageActivity,
  postActivity,
} from '../helpers/teams-activity.js';
import { APP_ID, APP_PASSWORD, OUTBOUND_TOKEN, card, startHarness, type Harness } from './harness.js';

let harness: Harness;
let consoleLines: string[];
beforeEach(async () => {
  consoleLines = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')),
    );
  }
  harness = await startHarness({ authenticated: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await harness.close();
});

function activity(): Record<string, unknown> {
  return messageActivity('help', { serviceUrl: harness.fake.serviceUrl, scope: 'groupChat' });
}

describe('inbound Bot Framework JWT', () => {
  it('accepts a valid channel token, and replies with the outbound credentials', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'private', message: { card: card('Help'), text: 'Help' } }),
    );
    const token = await harness.fake.signChannelToken({ aud: APP_ID, serviceUrl: harness.fake.serviceUrl });
    const res = await postActivity(harness.messagesUrl, activity(), token);
    expect(res.status).toBe(200);
    expect(harness.seen).toHaveLength(1);
    const reply = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(reply.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
  });

  it('answers an authenticated invoke with its invoke response', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'replace', message: { card: card('Done'), text: 'Done' } }),
    );
    const token = await harness.fake.signChannelToken({ aud: APP_ID, serviceUrl: harness.fake.serviceUrl });
    const res = await postActivity(
      harness.messagesUrl,
      cardActionActivity({
        serviceUrl: harness.fake.serviceUrl,
        verb: 'machine.show',
        data: { id: 'mch_1' },
      }),
      token,
    );
    expect(await res.json()).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: card('Done'),
    });
  });

  it.each([
    ['no token', () => Promise.resolve(undefined)],
    [
      'a token for another bot',
      () => harness.fake.signChannelToken({ aud: 'another-app-id', serviceUrl: harness.fake.serviceUrl }),
    ],
    [
      'a token from another issuer',
      () =>
        harness.fake.signChannelToken({
          aud: APP_ID,
          serviceUrl: harness.fake.serviceUrl,
          iss: 'https://evil.example.com',
        }),
    ],
    [
      'a token with a bad signature',
      () =>
        harness.fake.signChannelToken({
          aud: APP_ID,
          serviceUrl: harness.fake.serviceUrl,
          forgeSignature: true,
        }),
    ],
    [
      'an expired token',
      () =>
        harness.fake.signChannelToken({
          aud: APP_ID,
          serviceUrl: harness.fake.serviceUrl,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
    ],
    [
      'a token for another serviceUrl',
      () => harness.fake.signChannelToken({ aud: APP_ID, serviceUrl: 'https://smba.example.com/' }),
    ],
    ['a token that is not a JWT', () => Promise.resolve('not-a-jwt')],
  ])('refuses %s with 401 and never calls the core or the connector', async (_name, makeToken) => {
    const res = await postActivity(harness.messagesUrl, activity(), await makeToken());
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
    expect(harness.fake.calls().filter((c) => c.route !== 'openid' && c.route !== 'jwks')).toEqual([]);
    expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeUndefined();
  });

  it('logs neither the app password nor any bearer token', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'private', message: { card: card('Help'), text: 'Help' } }),
    );
    const token = await harness.fake.signChannelToken({ aud: APP_ID, serviceUrl: harness.fake.serviceUrl });
    await postActivity(harness.messagesUrl, activity(), token);
    await postActivity(
      harness.messagesUrl,
      activity(),
      await harness.fake.signChannelToken({
        aud: APP_ID,
        serviceUrl: harness.fake.serviceUrl,
        forgeSignature: true,
      }),
    );
    harness.fake.failNext(/activities/, 500);
    await postActivity(harness.messagesUrl, activity(), token);
    const conversation = harness.seen[0]?.conversation;
    if (!conversation) throw new Error('no interaction');
    harness.fake.failNext(/activities/, 404);
    await harness.adapter.reply.post(conversation, { card: card('x'), text: 'x' }).catch(() => undefined);
    const everything = `${harness.log.text()}\n${consoleLines.join('\n')}`;
    expect(harness.log.text()).toContain('authentication failed');
    expect(harness.log.text()).toContain('teams call failed');
    for (const secret of [APP_PASSWORD, OUTBOUND_TOKEN, token, token.split('.')[2] ?? token])
      expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/Bearer\s+(?!\[Redacted\])\S/);
  });
});
