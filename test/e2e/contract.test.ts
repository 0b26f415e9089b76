// One spec, two platforms: the same chat scenarios run against the Slack and the Teams adapter, each
// through its real wire format (signed Slack requests / Bot Framework activities) and its fake
// platform service, with one bot, one simulator and one Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator, SimMachine } from '../../src/sim/index.js';
import { BOT_TOKEN, startTestBot, type TestBot } from '../helpers/bot.js';
import {
  SLACK_USERS,
  TEAMS_USERS,
  slackDriver,
  teamsDriver,
  type ChatStack,
} from '../helpers/chat-drivers.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startTestSimulator } from '../helpers/sim.js';

const RBAC = `
roles:
  viewer: ["slack:${SLACK_USERS.viewer}", "teams:${TEAMS_USERS.viewer.id}"]
  responder: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}"]
  approver: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}"]
  admin: []
approvals:
  ttlMinutes: 60
  actions: [isolate, release, restrict, unrestrict]
`;

let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;
let bot: TestBot;
let machines: SimMachine[];
const stack = (): ChatStack => ({ bot, slack, connector });

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 300, inProgressMs: 300 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  connector = await startFakeConnector();
  bot = await startTestBot({ sim, slack, rbac: RBAC, env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' } });
  machines = sim.mde.listMachines();
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await slack.close();
  await sim.close();
});

const drivers = [slackDriver, teamsDriver];
let machineIndex = 20;

describe.each(drivers.map((make) => [make.name.replace('Driver', ''), make] as const))(
  'chat contract: %s',
  (_name, make) => {
    const chat = make(stack);

    it('help lists only what the user may run', async () => {
      const viewer = await chat.send('help', 'viewer', chat.newConversation());
      expect(viewer).toMatch(/machine/);
      expect(viewer).not.toMatch(/isolate/);
      const responder = await chat.send('help', 'responder', chat.newConversation());
      expect(responder).toMatch(/isolate/);
    });

    it('a user without a role is refused and nothing reaches MDE', async () => {
      const before = sim.calls().length;
      const answer = await chat.send('machine web-07', 'nobody', chat.newConversation());
      expect(answer).toMatch(/needs the viewer role/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sim.calls().length).toBe(before);
    });

    it('machine <name> answers with the machine card', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`machine ${target.computerDnsName}`, 'viewer', conversation);
      const card = await chat.posted(conversation, new RegExp(target.id));
      expect(card.text).toContain(target.computerDnsName);
      expect(card.buttons.map((b) => b.verb)).toContain('machine.actions');
    });

    it('isolation: requester and viewer refused, approver approves, one MDE isolate, same message shows success', async () => {
      const target = machines[machineIndex++]!;
      const conversation = chat.newConversation();
      await chat.send(`isolate ${target.computerDnsName} full beaconing to c2`, 'responder', conversation);
      const card = await chat.posted(conversation, /Approve/);
      const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;
      expect(approve.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

      const own = await chat.click(approve, 'responder', conversation, card.messageId);
      await chat.toldUser(conversation, 'responder', /four-eyes|another approver|your own/i, own);
      const viewer = await chat.click(approve, 'viewer', conversation, card.messageId);
      await chat.toldUser(conversation, 'viewer', /approver/i, viewer);
      const isolates = () =>
        sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
      expect(isolates()).toHaveLength(0);

      const approved = await chat.click(approve, 'approver', conversation, card.messageId);
      if (chat.name === 'teams') expect(approved).toMatch(/application\/vnd\.microsoft\.card\.adaptive/);
      await chat.updated(conversation, card.messageId, /Succeeded/);
      expect(isolates()).toHaveLength(1);
      expect((isolates()[0]!.body as { Comment: string }).Comment).toMatch(
        chat.name === 'slack' ? /Slack/ : /Microsoft Teams/,
      );
    });
  },
);
