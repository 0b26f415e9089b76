// The acting user's verified email (users.info) on every command and click: cached in real Redis for
// an hour ("no email" too), and when Slack fails or hangs the request goes on, marked unavailable,
// with its ack still carrying the handler's answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/metrics/index.js';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { SIGNING_SECRET, card, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  harness = await startHarness({ ackDeadlineMs: 10_000, ...options });
  harness.answerWith(() =>
    Promise.resolve({ visibility: 'private', message: { card: card('done'), text: 'done' } }),
  );
  return harness;
}

async function command(h: Harness, userId: string): Promise<{ status: number; body: unknown }> {
  const res = await postSignedToSlackEndpoint(
    h.eventsUrl,
    SIGNING_SECRET,
    slashCommandBody({ user_id: userId, text: 'whoami' }),
  );
  return { status: res.status, body: await res.json() };
}

async function click(h: Harness, userId: string): Promise<number> {
  const body = blockActionsBody({ userId, actions: [{ action_id: 'approval.approve', value: 'apr_1' }] });
  return (await postSignedToSlackEndpoint(h.eventsUrl, SIGNING_SECRET, body)).status;
}

async function lookups(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.identityLookupsTotal.get();
  return Object.fromEntries(
    values.map(({ labels, value }) => [`${labels.platform}/${labels.outcome}`, value]),
  );
}

const usersInfoCalls = (h: Harness) => h.fake.calls().filter((c) => c.method === 'users.info');
const answeredDone = { response_type: 'ephemeral', text: 'done' };

describe('verified email', () => {
  it('puts the profile email on the ChatUser of a command and of a click', async () => {
    const h = await start();
    h.fake.setUser('U0ALICE', { email: 'Alice@Contoso.com' });
    h.fake.setUser('U0BOB', { email: 'bob@contoso.com' });
    expect(await command(h, 'U0ALICE')).toMatchObject({ status: 200, body: answeredDone });
    expect(await click(h, 'U0BOB')).toBe(200);
    await expect.poll(() => h.seen.length).toBe(2);
    expect(h.seen[0]?.actor).toMatchObject({ id: 'U0ALICE', email: 'Alice@Contoso.com' });
    expect(h.seen[1]?.actor).toMatchObject({ id: 'U0BOB', email: 'bob@contoso.com' });
    expect(h.seen.every((i) => i.actor.directory === undefined)).toBe(true);
    expect(usersInfoCalls(h).map((c) => c.body.user)).toEqual(['U0ALICE', 'U0BOB']);
  });

  it('asks Slack once: the second request is served from Redis (an hour) and counted as cached', async () => {
    const h = await start();
    h.fake.setUser('U0ALICE', { email: 'alice@contoso.com' });
    await command(h, 'U0ALICE');
    await command(h, 'U0ALICE');
    expect(await click(h, 'U0ALICE')).toBe(200);
    await expect.poll(() => h.seen.length).toBe(3);
    expect(h.seen.map((i) => i.actor.email)).toEqual([
      'alice@contoso.com',
      'alice@contoso.com',
      'alice@contoso.com',
    ]);
    expect(usersInfoCalls(h)).toHaveLength(1);
    expect(await lookups(h.metrics)).toEqual({ 'slack/fetched': 1, 'slack/cached': 2 });
    const key = `${h.prefix}:slack:email:U0ALICE`;
    expect(JSON.parse((await h.redis.get(key)) ?? 'null')).toEqual({ email: 'alice@contoso.com' });
    const ttl = await h.redis.ttl(key);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });

  it('caches "no email" too', async () => {
    const h = await start();
    await command(h, 'U0NOMAIL');
    await command(h, 'U0NOMAIL');
    expect(h.seen.map((i) => [i.actor.email, i.actor.directory])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(usersInfoCalls(h)).toHaveLength(1);
    expect(await lookups(h.metrics)).toEqual({ 'slack/fetched': 1, 'slack/cached': 1 });
  });

  it.each([
    ['a Slack error', 'fatal_error'],
    ['an HTTP 500', 500],
  ] as const)(
    'marks the user unavailable on %s, still answers in the ack, and asks again next time',
    async (_name, failure) => {
      const h = await start();
      h.fake.setUser('U0ALICE', { email: 'alice@contoso.com' });
      h.fake.failNext('users.info', failure);
      expect(await command(h, 'U0ALICE')).toMatchObject({ status: 200, body: answeredDone });
      expect(h.seen[0]?.actor).toMatchObject({ id: 'U0ALICE', email: undefined, directory: 'unavailable' });
      expect(await h.redis.get(`${h.prefix}:slack:email:U0ALICE`)).toBeNull();
      // A failure is not an answer: the next request asks again, and gets it.
      await command(h, 'U0ALICE');
      expect(h.seen[1]?.actor).toMatchObject({ email: 'alice@contoso.com' });
      expect(h.seen[1]?.actor.directory).toBeUndefined();
      expect(usersInfoCalls(h)).toHaveLength(2);
      expect(await lookups(h.metrics)).toEqual({ 'slack/failed': 1, 'slack/fetched': 1 });
    },
  );

  it('goes on without the email when users.info hangs: the ack carries the answer while Slack has still not replied', async () => {
    // The ack deadline (10 s) is far beyond the look-up's own timeout: only the look-up gives up here.
    const h = await start({ directoryTimeoutMs: 200 });
    h.fake.setUser('U0ALICE', { email: 'alice@contoso.com' });
    h.fake.holdNext('users.info');
    expect(await command(h, 'U0ALICE')).toMatchObject({ status: 200, body: answeredDone });
    expect(h.seen[0]?.actor).toMatchObject({ id: 'U0ALICE', directory: 'unavailable' });
    const held = usersInfoCalls(h);
    expect(held).toHaveLength(1);
    expect(await lookups(h.metrics)).toEqual({ 'slack/failed': 1 });
    expect(h.log.text()).toContain('users.info did not answer in time');
  });

  it('a click whose users.info hangs is acked and reaches the core marked unavailable', async () => {
    const h = await start({ directoryTimeoutMs: 200 });
    h.fake.holdNext('users.info');
    expect(await click(h, 'U0BOB')).toBe(200);
    await expect.poll(() => h.seen.length).toBe(1);
    expect(h.seen[0]?.actor).toMatchObject({ id: 'U0BOB', email: undefined, directory: 'unavailable' });
  });
});
