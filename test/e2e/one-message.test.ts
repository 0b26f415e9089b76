// One message per command: a typed command's "working on it" message does not stay behind. Teams: the
// working card becomes the public result (and then follows a machine action to its final state), or a
// one-line pointer when the result went privately. Slack: the ephemeral working message is deleted
// through its response_url as the result arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import { chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import type { ConnectorCall } from '../helpers/fake-connector.js';
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
    const working = await running.connector.waitFor(
      (c) => c.conversationId === conversation && c.route === 'reply' && /Working on it/.test(text(c)),
    );
    await running.connector.waitFor(
      (c) =>
        c.conversationId === conversation &&
        c.route === 'update' &&
        c.targetId === working.responseId &&
        /Answered you in a private chat/.test(text(c)),
      15_000,
    );
    await running.connector.waitFor(
      (c) => c.conversationId !== conversation && /No such machine/.test(text(c)),
      15_000,
    );
    expect(inChat(conversation).some((c) => /No such machine/.test(text(c)))).toBe(false);
  });

  it('a machine action: the working card becomes its status card and follows it to the end', async () => {
    const target = machine();
    const conversation = chat.newConversation();
    await chat.send(`scan ${target.computerDnsName} quick routine check`, 'responder', conversation);
    const working = await running.connector.waitFor(
      (c) => c.conversationId === conversation && c.route === 'reply' && /Working on it/.test(text(c)),
    );
    await running.connector.waitFor(
      (c) =>
        c.conversationId === conversation &&
        c.route === 'update' &&
        c.targetId === working.responseId &&
        /Succeeded/.test(text(c)),
      30_000,
    );
    expect(inChat(conversation).filter((c) => c.route === 'send')).toHaveLength(0);
  });
});

describe('one message per command on Slack', () => {
  const chat = slackDriver(() => running);

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
});
