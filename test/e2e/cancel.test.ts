// `cancel <actionId> <reason>` end to end on Slack and on Teams, through the real adapters, worker,
// simulator and Redis: one cancel POST whose comment names the person and the platform, the action's
// own status card updated in place to Cancelled (long before its next poll: the job following it is
// told), a viewer refused with nothing sent to MDE, and MDE's refusal of an action already over in
// plain words to the asker alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import {
  SLACK_USERS,
  chatRbac,
  TEAMS_USERS,
  slackDriver,
  teamsDriver,
  type ChatDriver,
  type Role,
} from '../helpers/chat-drivers.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { isPrivateTo, content as slackContent } from '../helpers/slack-flow.js';

/** The bot re-reads a followed action only this often: any sooner update came from the cancel. */
const POLL_MS = 120_000;

let running: Stack;
let machines: SimMachine[];
let machineIndex = 30;
const stack = () => running;

beforeAll(async () => {
  running = await startStack({
    rbac: chatRbac(),
    // Actions stay Pending for ten minutes unless cancelled (or moved on by a test).
    simulator: { lifecycle: { pendingMs: 600_000, inProgressMs: 600_000 } },
    worker: { lifecycle: { firstPollDelayMs: POLL_MS, maxPollDelayMs: POLL_MS } },
  });
  machines = running.sim.mde.listMachines();
});
afterAll(() => running.close());

const cancelPosts = (actionId: string) =>
  running.sim
    .calls()
    .filter((c) => c.method === 'POST' && c.path === `/api/machineactions/${actionId}/cancel`);

/** A responder's scan, Pending in MDE, its status card posted and showing the action id. */
async function pendingScan(chat: ChatDriver, conversation: string) {
  const target = machines[machineIndex++ % machines.length]!;
  await chat.send(`scan ${target.computerDnsName} quick routine check`, 'responder', conversation);
  const card = await chat.posted(conversation, /Antivirus scan/);
  const action = await waitForAction(target.id);
  await chat.updated(conversation, card.messageId, new RegExp(action.id));
  return { target, card, action };
}

async function waitForAction(machineId: string) {
  for (let i = 0; i < 200; i++) {
    const action = running.sim.mde.listActions().find((a) => a.machineId === machineId);
    if (action) return action;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no action was submitted for ${machineId}`);
}

/** A message the worker sent to `as` alone: a Slack ephemeral, or a Teams 1:1 chat. */
async function toldPrivately(chat: ChatDriver, conversation: string, as: Role, matches: RegExp) {
  if (chat.name === 'slack') {
    const call = await running.slack.waitFor(
      (c) => isPrivateTo(conversation, SLACK_USERS[as])(c) && matches.test(slackContent(c)),
      15_000,
    );
    return slackContent(call);
  }
  const call = await running.connector.waitFor(
    (c) =>
      (c.route === 'send' || c.route === 'reply') &&
      c.conversationId !== conversation &&
      matches.test(JSON.stringify(c.body)),
    15_000,
  );
  return JSON.stringify(call.body);
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('cancel on %s', (platform, make) => {
  const chat = make(stack);

  it('sends one cancel naming the person and the platform, and the action’s card turns Cancelled in place', async () => {
    const conversation = chat.newConversation();
    const { card, action } = await pendingScan(chat, conversation);
    expect(cancelPosts(action.id)).toHaveLength(0);

    await chat.send(`cancel ${action.id} wrong machine`, 'responder', conversation);
    // The scan's own card, edited in place, well before its next poll (two minutes away).
    const updated = await chat.updated(conversation, card.messageId, /Cancelled/);
    expect(updated).toContain(action.id);
    // And the answer to the command: the action's status card, Cancelled.
    await chat.posted(
      conversation,
      new RegExp(`Cancelled[\\s\\S]*${action.id}|${action.id}[\\s\\S]*Cancelled`),
    );

    const posts = cancelPosts(action.id);
    expect(posts).toHaveLength(1);
    const comment = (posts[0]!.body as { Comment: string }).Comment;
    expect(comment).toContain('wrong machine');
    if (platform === 'slack') {
      expect(comment).toContain(SLACK_USERS.responder);
      expect(comment).toMatch(/via Slack/);
    } else {
      expect(comment).toContain(TEAMS_USERS.responder.name);
      expect(comment).toMatch(/via Microsoft Teams/);
    }
    const inMde = running.sim.mde.listActions().find((a) => a.id === action.id)!;
    expect(inMde.status).toBe('Cancelled');
    expect(inMde.cancellationComment).toBe(comment);
  });

  it('refuses a viewer before anything reaches MDE', async () => {
    const conversation = chat.newConversation();
    const { action } = await pendingScan(chat, conversation);
    const answer = await chat.send(`cancel ${action.id} not mine to stop`, 'viewer', conversation);
    expect(answer).toMatch(/needs the responder role/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cancelPosts(action.id)).toHaveLength(0);
    expect(running.sim.mde.listActions().find((a) => a.id === action.id)!.status).toBe('Pending');
  });

  it('answers an action that is already over with MDE’s refusal in plain words, to the asker alone', async () => {
    const conversation = chat.newConversation();
    const { action } = await pendingScan(chat, conversation);
    running.sim.mde.advanceAction(action.id, 'Succeeded');
    await chat.send(`cancel ${action.id} too late`, 'responder', conversation);
    const told = await toldPrivately(chat, conversation, 'responder', /Not cancelled/);
    expect(told).toMatch(/already Succeeded/);
    expect(told).toMatch(/Defender rejected the request/);
    expect(cancelPosts(action.id).map((c) => c.status)).toEqual([400]);
    expect(running.sim.mde.listActions().find((a) => a.id === action.id)!.status).toBe('Succeeded');
  });

  it('tells the asker when Defender has no such action (on Teams, on the working card)', async () => {
    const conversation = chat.newConversation();
    const unknown = `00000000-0000-4000-8000-0000000${platform === 'slack' ? '0dead' : '0beef'}`;
    await chat.send(`cancel ${unknown} typo`, 'responder', conversation);
    if (platform === 'slack') await toldPrivately(chat, conversation, 'responder', /not found|no such/i);
    // A job's failure takes the place of the working card everyone saw the command in.
    else
      await running.connector.waitFor(
        (c) =>
          c.conversationId === conversation &&
          c.route === 'update' &&
          /not found|no such/i.test(JSON.stringify(c.body)),
        15_000,
      );
    expect(cancelPosts(unknown).map((c) => c.status)).toEqual([404]);
  });
});
