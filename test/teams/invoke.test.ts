// Action.Execute clicks through the real server: the HTTP answer is the invoke response, the core sees
// the clicking user from the activity, and tampered button data never reaches it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_TEXT, INVALID_BUTTON_TEXT, WORKING_TEXT } from '../../src/chat/teams/index.js';
import { BOB, CHANNEL_ID, TENANT_ID, cardActionActivity, postActivity } from '../helpers/teams-activity.js';
import { card, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const approvedCard = card('Approved by Bob');

async function click(
  verb: string,
  data: unknown,
  extra: { replyToId?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await postActivity(
    harness.messagesUrl,
    cardActionActivity({ serviceUrl: harness.fake.serviceUrl, from: BOB, verb, data, ...extra }),
  );
  return { status: res.status, body: await res.json() };
}

describe('adaptiveCard/action invokes', () => {
  it('answers a replace with the new card as the HTTP body, and the core saw the clicking user', async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'replace', message: { card: approvedCard, text: 'Approved' } }),
    );
    const { status, body } = await click(
      'approval.approve',
      { id: 'apr_123' },
      { replyToId: '1700000000777' },
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: approvedCard,
    });
    expect(harness.seen).toHaveLength(1);
    expect(harness.seen[0]).toMatchObject({
      platform: 'teams',
      actor: { platform: 'teams', id: BOB.id, aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID },
      input: {
        kind: 'cardAction',
        actionId: 'apr_123',
        verb: 'approval.approve',
        messageId: '1700000000777',
      },
    });
    // The card is the HTTP answer: nothing is posted or edited through the connector.
    expect(
      harness.fake.calls().filter((c) => c.route === 'reply' || c.route === 'send' || c.route === 'update'),
    ).toEqual([]);
  });

  it('answers a private answer with a message invoke response', async () => {
    harness.answerWith(() =>
      Promise.resolve({
        visibility: 'private',
        message: { card: approvedCard, text: 'You cannot approve your own request.' },
      }),
    );
    const { body } = await click('approval.approve', { id: 'apr_1' });
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'You cannot approve your own request.',
    });
  });

  it('answers a channel answer with a message invoke response and also posts the card for everyone', async () => {
    harness.answerWith(() =>
      Promise.resolve({
        visibility: 'channel',
        message: { card: approvedCard, text: 'Isolation requested' },
      }),
    );
    const { body } = await click('alert.isolate', { id: 'da1' });
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Isolation requested',
    });
    const posted = await harness.fake.waitFor((c) => c.route === 'reply');
    expect(posted.conversationId).toContain(CHANNEL_ID);
    expect(posted.body).toMatchObject({
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: approvedCard }],
    });
  });

  it('answers "working on it" for a none answer', async () => {
    const { body } = await click('machine.show', { id: 'mch_1' });
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: WORKING_TEXT,
    });
  });

  it('answers "try again" when the core throws', async () => {
    harness.answerWith(() => Promise.reject(new Error('redis down')));
    const { status, body } = await click('machine.show', { id: 'mch_1' });
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: FAILURE_TEXT,
    });
  });

  it.each([
    ['an extra field in data', 'approval.approve', { id: 'apr_1', approver: '29:1bob-teams-id' }],
    ['an id with forbidden characters', 'approval.approve', { id: 'apr_1"; drop' }],
    ['an over-long id', 'approval.approve', { id: 'a'.repeat(201) }],
    ['no id', 'approval.approve', {}],
    ['data that is not an object', 'approval.approve', 'apr_1'],
    ['an odd verb', 'approve <script>', { id: 'apr_1' }],
    [
      'a form input our forms lack',
      'alert.resolve',
      { id: 'da1', verdict: 'TruePositive:Malware', assignedTo: 'x' },
    ],
    ['an over-long comment', 'alert.comment', { id: 'da1', comment: 'x'.repeat(2001) }],
    ['a form value that is not text', 'alert.comment', { id: 'da1', comment: { text: 'x' } }],
    ['an over-long reason', 'isolate.request', { id: 'mch_1', reason: 'x'.repeat(2001) }],
    [
      'an over-long isolation type',
      'isolate.request',
      { id: 'mch_1', isolationType: 'f'.repeat(21), reason: 'beacon' },
    ],
  ])('refuses %s as "no longer valid" without calling the core', async (_name, verb, data) => {
    const { status, body } = await click(verb, data);
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: INVALID_BUTTON_TEXT,
    });
    expect(harness.seen).toEqual([]);
  });

  it("hands a form's inputs (merged into the submit's data by Teams) to the core as its values", async () => {
    harness.answerWith(() => Promise.resolve({ visibility: 'none' }));
    const { body } = await click(
      'alert.resolve',
      { id: 'da1', verdict: 'TruePositive:Malware', comment: 'reimaged' },
      { replyToId: '1700000000778' },
    );
    expect(body).toMatchObject({ value: WORKING_TEXT });
    expect(harness.seen[0]?.input).toEqual({
      kind: 'cardAction',
      actionId: 'da1',
      verb: 'alert.resolve',
      messageId: '1700000000778',
      values: { verdict: 'TruePositive:Malware', comment: 'reimaged' },
    });
  });

  it("hands the machine card's isolation form (type and reason) to the core as its values", async () => {
    harness.answerWith(() => Promise.resolve({ visibility: 'none' }));
    await click(
      'isolate.request',
      { id: 'mch_1', isolationType: 'selective', reason: 'beaconing to 203.0.113.9' },
      { replyToId: '1700000000779' },
    );
    expect(harness.seen[0]?.input).toEqual({
      kind: 'cardAction',
      actionId: 'mch_1',
      verb: 'isolate.request',
      messageId: '1700000000779',
      values: { isolationType: 'selective', reason: 'beaconing to 203.0.113.9' },
    });
  });

  it("shows the clicker the form in the card's place when the core answers with one (a card from before the form)", async () => {
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'form', message: { card: approvedCard, text: 'Resolve' } }),
    );
    const { body } = await click('alert.resolve', { id: 'da1' });
    expect(body).toMatchObject({ type: 'application/vnd.microsoft.card.adaptive', value: approvedCard });
    expect(harness.seen[0]?.input).not.toHaveProperty('values');
  });

  it('refuses an action that is not Action.Execute the same way', async () => {
    const activity = cardActionActivity({
      serviceUrl: harness.fake.serviceUrl,
      verb: 'approval.approve',
      data: { id: 'apr_1' },
    });
    (activity.value as { action: Record<string, unknown> }).action.type = 'Action.Submit';
    const body: unknown = await (await postActivity(harness.messagesUrl, activity)).json();
    expect(body).toMatchObject({ value: INVALID_BUTTON_TEXT });
    expect(harness.seen).toEqual([]);
  });
});
