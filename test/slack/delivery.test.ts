// Slack's delivery id on every Interaction: a slash command is `slack:<trigger_id>`, each clicked action
// `slack:<trigger_id>:<index>`. A retry (X-Slack-Retry-Num) of the same request still reaches the core
// (Bolt passes retries on; the dispatcher is where redeliveries are dropped) with the same id.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { SIGNING_SECRET, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.seen.length = 0;
});

const retry = { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } };

describe('delivery id', () => {
  it('gives a slash command and its retry the same delivery id', async () => {
    const body = slashCommandBody({
      text: 'machine pc-01',
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
    });
    expect((await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    expect((await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body, retry)).status).toBe(
      200,
    );
    expect(harness.seen.map((i) => i.deliveryId)).toEqual([
      'slack:13345224609.738474920.8088930838d88f008e0',
      'slack:13345224609.738474920.8088930838d88f008e0',
    ]);
    // Two HTTP requests, two correlation ids: only the delivery id ties them together.
    expect(new Set(harness.seen.map((i) => i.correlationId)).size).toBe(2);
  });

  it('gives different commands different delivery ids', async () => {
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, slashCommandBody());
    const [first, second] = harness.seen.map((i) => i.deliveryId);
    expect(first).toMatch(/^slack:/);
    expect(second).toMatch(/^slack:/);
    expect(first).not.toBe(second);
  });

  it('numbers each clicked action by its place in the payload, the same on a retry', async () => {
    const body = blockActionsBody({
      triggerId: '7.8.9abc',
      actions: [
        { action_id: 'approval.approve', value: 'apr_1' },
        { action_id: 'machine.show', value: 'mch_2' },
      ],
    });
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body);
    await expect.poll(() => harness.seen.length).toBe(2);
    await postSignedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body, retry);
    await expect.poll(() => harness.seen.length).toBe(4);
    expect(harness.seen.map((i) => i.deliveryId)).toEqual([
      'slack:7.8.9abc:0',
      'slack:7.8.9abc:1',
      'slack:7.8.9abc:0',
      'slack:7.8.9abc:1',
    ]);
  });
});
