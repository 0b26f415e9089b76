// One spec, two platforms: the same chat scenarios run against the Slack and the Teams adapter, each
// through its real wire format (signed Slack requests / Bot Framework activities) and its fake
// platform service, with one bot, one simulator and one Redis. Each flow ends with no "working on it"
// message left in its conversation: the command's answer or result has taken its place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import { chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import { startStack, type Stack } from '../helpers/stack.js';

let running: Stack;
let machines: SimMachine[];
const stack = () => running;

beforeAll(async () => {
  running = await startStack({
    simulator: { lifecycle: { pendingMs: 300, inProgressMs: 300 } },
    rbac: chatRbac('approvals:\n  ttlMinutes: 60\n  actions: [isolate, release, restrict, unrestrict]\n'),
  });
  machines = running.sim.mde.listMachines();
});
afterAll(() => running.close());

const drivers = [slackDriver, teamsDriver];
let machineIndex = 20;

describe.each(drivers.map((make) => [make.name.replace('Driver', ''), make] as const))(
  'chat contract: %s',
  (_name, make) => {
    const chat = make(stack);
    /** Once a flow has settled, no command's "working on it" message still shows in its conversation. */
    const noWorkingLeft = (conversation: string) =>
      expect.poll(() => chat.workingLeft(conversation), { timeout: 10_000 }).toEqual([]);

    it('help lists only what the user may run', async () => {
      const [asViewer, asResponder] = [chat.newConversation(), chat.newConversation()];
      const viewer = await chat.send('help', 'viewer', asViewer);
      expect(viewer).toMatch(/machine/);
      expect(viewer).not.toMatch(/isolate/);
      const responder = await chat.send('help', 'responder', asResponder);
      expect(responder).toMatch(/isolate/);
      await noWorkingLeft(asViewer);
      await noWorkingLeft(asResponder);
    });

    it('a user without a role is refused and nothing reaches MDE', async () => {
      const before = running.sim.calls().length;
      const conversation = chat.newConversation();
      const answer = await chat.send('machine web-07', 'nobody', conversation);
      expect(answer).toMatch(/needs the viewer role/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(running.sim.calls().length).toBe(before);
      await noWorkingLeft(conversation);
    });

    it('machine <name> answers with the machine card', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
      const card = await chat.posted(conversation, new RegExp(target.id));
      expect(card.text).toContain(target.computerDnsName);
      expect(card.buttons.map((b) => b.verb)).toContain('machine.actions');
      await noWorkingLeft(conversation);
    });

    it('isolation: requester and viewer refused, approver approves, one MDE isolate, same message shows success', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`isolate ${target.computerDnsName} full beaconing to c2`, 'responder', conversation);
      const card = await chat.posted(conversation, /Approve/);
      // The approval card took the working message's place before anyone clicks.
      await noWorkingLeft(conversation);
      const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;
      expect(approve.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

      const own = await chat.click(approve, 'responder', conversation, card.messageId);
      await chat.toldUser(conversation, 'responder', /four-eyes|another approver|your own/i, own);
      const viewer = await chat.click(approve, 'viewer', conversation, card.messageId);
      await chat.toldUser(conversation, 'viewer', /approver/i, viewer);
      const isolates = () =>
        running.sim
          .calls()
          .filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
      expect(isolates()).toHaveLength(0);

      const approved = await chat.click(approve, 'approver', conversation, card.messageId);
      if (chat.name === 'teams') expect(approved).toMatch(/application\/vnd\.microsoft\.card\.adaptive/);
      await chat.updated(conversation, card.messageId, /Succeeded/);
      expect(isolates()).toHaveLength(1);
      expect((isolates()[0]!.body as { Comment: string }).Comment).toMatch(
        chat.name === 'slack' ? /Slack/ : /Microsoft Teams/,
      );
      await noWorkingLeft(conversation);
    });
  },
);
