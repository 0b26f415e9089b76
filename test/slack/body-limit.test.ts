// One body size limit on the bytes actually read: a chunked Slack body (no Content-Length) over
// MAX_BODY_BYTES is answered 413 before Bolt verifies its signature or any listener runs, and a body
// just under the limit still goes through.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/guards.js';
import {
  postChunkedToSlackEndpoint,
  postSignedToSlackEndpoint,
  slashCommandBody,
} from '../helpers/slack-signing.js';
import { SIGNING_SECRET, card, startHarness, type Harness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ ackDeadlineMs: 10_000 });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.seen.length = 0;
  harness.answerWith(() =>
    Promise.resolve({ visibility: 'private', message: { card: card('ok'), text: 'ok' } }),
  );
});

/** A slash command body of exactly `bytes` bytes (its text padded with letters, which need no escaping). */
function commandOfSize(bytes: number): string {
  const bare = slashCommandBody({ text: 'help ' });
  const body = slashCommandBody({ text: `help ${'a'.repeat(bytes - bare.length)}` });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

describe('body size limit', () => {
  it('answers a chunked oversized body 413 before the signature check, and no listener runs', async () => {
    const body = commandOfSize(MAX_BODY_BYTES + 64 * 1024);
    // A forged signature: had Bolt looked at it, the answer would be 401.
    const res = await postChunkedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, body, {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: 'payload_too_large' });
    expect(harness.seen).toEqual([]);
    expect(harness.log.text()).not.toMatch(/verification failed/i);
  });

  it('answers a correctly signed chunked oversized body 413 as well', async () => {
    const res = await postChunkedToSlackEndpoint(
      harness.eventsUrl,
      SIGNING_SECRET,
      commandOfSize(MAX_BODY_BYTES + 1),
    );
    expect(res.status).toBe(413);
    expect(harness.seen).toEqual([]);
  });

  it('answers a declared oversized body 413 without reading it', async () => {
    const res = await postSignedToSlackEndpoint(
      harness.eventsUrl,
      SIGNING_SECRET,
      commandOfSize(MAX_BODY_BYTES + 1),
    );
    expect(res.status).toBe(413);
    expect(harness.seen).toEqual([]);
  });

  it('serves a body slightly under the limit, chunked or not', async () => {
    const chunked = await postChunkedToSlackEndpoint(
      harness.eventsUrl,
      SIGNING_SECRET,
      commandOfSize(MAX_BODY_BYTES - 16),
    );
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.text)).toMatchObject({ text: 'ok' });
    const declared = await postSignedToSlackEndpoint(
      harness.eventsUrl,
      SIGNING_SECRET,
      commandOfSize(MAX_BODY_BYTES),
    );
    expect(declared.status).toBe(200);
    expect(harness.seen).toHaveLength(2);
    expect(harness.seen[0]?.input).toMatchObject({ kind: 'command' });
  });

  it('still refuses a forged signature on a body within the limit (401)', async () => {
    const res = await postChunkedToSlackEndpoint(harness.eventsUrl, SIGNING_SECRET, commandOfSize(2_048), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(401);
    expect(harness.seen).toEqual([]);
  });
});
