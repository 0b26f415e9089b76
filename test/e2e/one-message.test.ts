// One message per command: a typed command's "working on it" message does not stay behind. Teams: the
// working card becomes the public result (and then follows a machine action to its final state) or
// the job's failure, or a one-line pointer when the result went privately. Slack: through its
// response_url the ephemeral working message is replaced by a private result or a failure, or
// deleted as a public result is posted; once that URL no longer answers, the result comes anew.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import { SIGNING_SECRET } from '../helpers/bot.js';
import { SLACK_USERS, chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import type { ConnectorCall } from '../helpers/fake-connector.js';
import type { FakeSlackCall } from '../helpers/fake-slack.js';
import { content as slackContent } from '../helpers/slack-flow.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { startStack, type Stack } from '../helpers/stack.js';

let running: Stack;
let machines: SimMachine[];
let next = 60;
beforeAll(async () => {
  running = await startStack({
    rbac: chatRbac(),
    simulator: { lifecycle: { pendingMs: 300, inProgressMs: 300 } },
  });
  machines = running.sim.mde.listMachines();
});
afterAll(() => running.close());

const machine = () => machines[next++ % machines.length]!;
const text = (c: ConnectorCall) => JSON.stringify(c.body);
const inChat = (conversation: string) =>
  running.connector.calls().filter((c) => c.conversationId === conversation);
/** Two machines whose short name is `name`: a look-up by that name answers with a pick list. */
const twins = () => {
  const name = `twin-${randomUUID().slice(0, 8)}`;
  running.sim.mde.addMachine({ computerDnsName: `${name}.contoso.local` });
  running.sim.mde.addMachine({ computerDnsName: `${name}.fabrikam.local` });
  return name;
};
/** Every call made to a slash command's response_url (found by the channel the driver named). */
const responses = (channel: string): FakeSlackCall[] =>
  running.slack.calls().filter((c) => c.method === 'response_url' && c.owner?.channel === channel);
const ephemeralsIn = (channel: string): FakeSlackCall[] =>
  running.slack.calls().filter((c) => c.method === 'chat.postEphemeral' && c.body.channel === channel);
/** MDE's machine search answers 500 to as many calls as a job's attempts (6) make, per command. */
const failLookups = (commands: number) =>
  running.sim.injectFault({ match: 'GET /api/machines', kind: '500', count: 6 * commands });
const NOT_ANSWERING = /Defender is not answering/;

/** The conversation's Teams working card, then its update to what `shows` matches. */
async function workingCardBecomes(
  conversation: string,
  shows: RegExp,
  timeoutMs: number,
): Promise<ConnectorCall> {
  const working = await running.connector.waitFor(
    (c) => c.conversationId === conversation && c.route === 'reply' && /Working on it/.test(text(c)),
  );
  return running.connector.waitFor(
    (c) =>
      c.conversationId === conversation &&
      c.route === 'update' &&
      c.targetId === working.responseId &&
      shows.test(text(c)),
    timeoutMs,
  );
}

describe('one message per command on Teams', () => {
  const chat = teamsDriver(() => running);

  it('a look-up: the working card becomes the result; nothing else is posted', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
    const result = await chat.posted(conversation, new RegExp(target.id));
    const calls = inChat(conversation);
    const working = calls.filter((c) => c.route === 'reply' && /Working on it/.test(text(c)));
    expect(working).toHaveLength(1);
    expect(result.messageId).toBe(working[0]!.responseId);
    expect(calls.filter((c) => c.route === 'send')).toHaveLength(0);
  });

  it('a private result: the working card becomes a one-line pointer, the answer goes to a 1:1 chat', async () => {
    const conversation = chat.newConversation();
    await chat.send('machine no-such-host-anywhere', 'viewer', conversation);
    await workingCardBecomes(conversation, /Answered you in a private chat/, 15_000);
    await running.connector.waitFor(
      (c) => c.conversationId !== conversation && /No such machine/.test(text(c)),
      15_000,
    );
    expect(inChat(conversation).some((c) => /No such machine/.test(text(c)))).toBe(false);
  });

  it('a job that fails once its retries run out: the working card becomes the failure, sent nowhere else', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    const before = running.connector.calls().length;
    failLookups(1);
    try {
      await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
      const failed = await workingCardBecomes(conversation, NOT_ANSWERING, 60_000);
      expect(text(failed)).toMatch(/retried several times/);
      const calls = inChat(conversation);
      // One message in the conversation, and it says the job failed.
      expect(calls.filter((c) => c.route === 'reply' || c.route === 'send')).toHaveLength(1);
      expect(calls.filter((c) => c.route === 'update').at(-1)).toBe(failed);
      // Nothing in a 1:1 chat: no pointer, no second copy of the failure.
      const since = running.connector.calls().slice(before);
      const elsewhere = since.filter(
        (c) => ['create', 'send', 'reply', 'update'].includes(c.route) && c.conversationId !== conversation,
      );
      expect(elsewhere).toEqual([]);
      expect(since.some((c) => /Answered you in a private chat/.test(text(c)))).toBe(false);
    } finally {
      running.sim.clearFaults();
    }
  }, 90_000);

  it('a machine action: the working card becomes its status card and follows it to the end', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    await chat.send(`scan ${target.computerDnsName} quick routine check`, 'responder', conversation);
    await workingCardBecomes(conversation, /Succeeded/, 30_000);
    expect(inChat(conversation).filter((c) => c.route === 'send')).toHaveLength(0);
  });
});

describe('one message per command on Slack', () => {
  const chat = slackDriver(() => running);

  it('a private result (a pick list) replaces the ephemeral working message: one ephemeral, not two', async () => {
    const name = twins();
    const conversation = chat.newConversation();
    expect(await chat.send(`machine ${name}`, 'viewer', conversation)).toMatch(/Working on it/);
    const replaced = await running.slack.waitFor(
      (c) =>
        c.method === 'response_url' &&
        c.owner?.channel === conversation &&
        c.response?.ok === true &&
        /Several machines match/.test(slackContent(c)),
      15_000,
    );
    expect(replaced.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(running.slack.responseMessage(replaced.responseId!)).toMatchObject({ text: replaced.body.text });
    expect(slackContent(replaced)).toContain(`${name}.fabrikam.local`);
    expect(responses(conversation)).toHaveLength(1);
    expect(ephemeralsIn(conversation)).toEqual([]);
  });

  it('an unknown machine: the working message becomes the answer', async () => {
    const conversation = chat.newConversation();
    await chat.send('machine no-such-host-anywhere', 'viewer', conversation);
    const replaced = await running.slack.waitFor(
      (c) => c.method === 'response_url' && c.owner?.channel === conversation && c.response?.ok === true,
      15_000,
    );
    expect(replaced.body.replace_original).toBe(true);
    expect(slackContent(replaced)).toMatch(/No such machine/);
    expect(ephemeralsIn(conversation)).toEqual([]);
  });

  it('once the response_url has expired, a private result comes as a new ephemeral message', async () => {
    const name = twins();
    const channel = chat.newConversation();
    const responseId = `expired-${randomUUID().slice(0, 8)}`;
    running.slack.expireResponseUrl(responseId);
    const ack = await postSignedToSlackEndpoint(
      running.bot.slackEvents,
      SIGNING_SECRET,
      slashCommandBody({
        text: `machine ${name}`,
        user_id: SLACK_USERS.viewer,
        channel_id: channel,
        response_url: running.slack.responseUrl(responseId, { channel, user: SLACK_USERS.viewer }),
      }),
    );
    expect(await ack.text()).toMatch(/Working on it/);
    const told = await running.slack.waitFor(
      (c) =>
        c.method === 'chat.postEphemeral' &&
        c.body.channel === channel &&
        /Several machines match/.test(slackContent(c)),
      15_000,
    );
    expect(told.body.user).toBe(SLACK_USERS.viewer);
    // The URL was tried (and refused) before the fallback; the working message is as it was.
    expect(responses(channel).map((c) => c.response)).toEqual([{ ok: false, error: 'expired_url' }]);
    expect(running.slack.responseMessage(responseId)).toBeUndefined();
    expect(ephemeralsIn(channel)).toHaveLength(1);
  });

  it('a job that fails once its retries run out: the working message becomes the failure', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    failLookups(1);
    try {
      await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
      const replaced = await running.slack.waitFor(
        (c) =>
          c.method === 'response_url' &&
          c.owner?.channel === conversation &&
          c.response?.ok === true &&
          NOT_ANSWERING.test(slackContent(c)),
        60_000,
      );
      expect(replaced.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
      expect(running.slack.responseMessage(replaced.responseId!)).toMatchObject({ text: replaced.body.text });
      expect(responses(conversation)).toHaveLength(1);
      expect(ephemeralsIn(conversation)).toEqual([]);
      expect(running.slack.calls().some((c) => c.body.channel === conversation)).toBe(false);
    } finally {
      running.sim.clearFaults();
    }
  }, 90_000);

  it('the ephemeral working message is deleted when the result is posted', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    const ack = await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
    expect(ack).toMatch(/Working on it/);
    await chat.posted(conversation, new RegExp(target.id));
    const deleted = await running.slack.waitFor(
      (c) => c.method === 'response_url' && c.body.delete_original === true,
      10_000,
    );
    expect(deleted.body).toEqual({ delete_original: true });
  });

  it('when Slack rate-limits the delete of the working message, the job tries again: it goes, and the result is posted once', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    running.slack.failNext('response_url', 429);
    await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
    await chat.posted(conversation, new RegExp(target.id));
    const tries = responses(conversation);
    expect(tries.map((c) => c.response)).toEqual([{ ok: false, error: 'ratelimited' }, { ok: true }]);
    expect(running.slack.responseMessage(tries[1]!.responseId!)).toBe('deleted');
    expect(chat.workingLeft(conversation)).toEqual([]);
    const posts = running.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' && c.body.channel === conversation);
    expect(posts).toHaveLength(1);
  }, 60_000);
});
