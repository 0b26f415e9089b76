// The machine card's "Request isolation…" on Slack (a modal) and Teams (the form on the card): the
// submitted type and reason go exactly the way a typed `isolate <machine> <type> <reason>` goes — the
// approval card with the machine's facts, four-eyes (the requester may not approve, another approver
// may), the audit entry, one MDE call with that type and reason. An empty reason, a type no form
// offers and a viewer are refused before anything is queued.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import {
  SLACK_USERS,
  TEAMS_USERS,
  chatRbac,
  slackDriver,
  teamsDriver,
  type Button,
  type ChatDriver,
  type PostedCard,
} from '../helpers/chat-drivers.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** The responder here may also approve (admin), so four-eyes, not the role, is what stops them approving their own request. */
const RBAC = chatRbac().replace(
  'admin: []',
  `admin: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}"]`,
);

let running: Stack;
const stack = () => running;

beforeAll(async () => {
  running = await startStack({ rbac: RBAC });
});
afterAll(() => running.close());

/** A machine of its own with two open alerts (the newest Medium, the highest High). */
function machineWithAlerts(): SimMachine {
  const machine = running.sim.mde.addMachine({
    computerDnsName: `srv-${randomUUID().slice(0, 6)}.contoso.local`,
    healthStatus: 'Active',
    riskScore: 'High',
    exposureLevel: 'Medium',
    rbacGroupName: 'Servers',
  });
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  running.sim.mde.addAlert({
    machineId: machine.id,
    severity: 'High',
    title: 'Credential dumping',
    alertCreationTime: at(30),
  });
  running.sim.mde.addAlert({
    machineId: machine.id,
    severity: 'Medium',
    title: 'Suspicious PowerShell',
    alertCreationTime: at(5),
  });
  return machine;
}

const isolatePosts = (machine: SimMachine) =>
  running.sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${machine.id}/isolate`);

async function auditEntries(): Promise<Record<string, unknown>[]> {
  const { bot } = running;
  return (await bot.redis.xrange(`${bot.prefix}:audit`, '-', '+')).map(
    ([, fields]) => JSON.parse(fields[1] ?? '{}') as Record<string, unknown>,
  );
}

const button = (card: PostedCard, verb: string): Button => {
  const found = card.buttons.find((b) => b.verb === verb);
  if (!found) throw new Error(`no ${verb} button on the card: ${JSON.stringify(card.buttons)}`);
  return found;
};

/** The viewer's `machine` card of a fresh machine with open alerts, in a conversation of its own. */
async function machineCard(chat: ChatDriver) {
  const machine = machineWithAlerts();
  const conversation = chat.newConversation();
  await chat.send(`machine ${machine.computerDnsName}`, 'viewer', conversation);
  const card = await chat.posted(
    conversation,
    new RegExp(`${machine.computerDnsName.replaceAll('.', '\\.')}[\\s\\S]*Last seen`),
  );
  const isolate = button(card, 'isolate.request');
  expect(isolate.id).toBe(machine.id);
  return { machine, conversation, card, isolate };
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('machine card Request isolation… on %s', (platform, make) => {
  const chat = make(stack);

  it('asks an approver with the facts, as a typed isolate would; the requester may not approve, another approver may', async () => {
    const { machine, conversation, card, isolate } = await machineCard(chat);
    const reason = `beaconing seen ${randomUUID().slice(0, 8)}`;
    await chat.submit(
      isolate,
      { isolationType: 'selective', reason: `  ${reason}  ` },
      'responder',
      conversation,
      card.messageId,
    );
    const approval = await chat.posted(conversation, /Approval needed/);
    if (platform === 'slack') {
      // The modal closing is the submission's "working on it": no ephemeral stays beside the approval card.
      const ephemerals = running.slack
        .calls()
        .filter((c) => c.method === 'chat.postEphemeral' && c.body.channel === conversation);
      expect(ephemerals).toEqual([]);
    }
    for (const fact of [
      /Isolate machine \(selective\)/,
      new RegExp(reason),
      /Risk score[\s\S]{0,40}High/,
      /Exposure[\s\S]{0,40}Medium/,
      /Device group[\s\S]{0,40}Servers/,
      /Open alerts[\s\S]{0,40}2, highest High; newest: Suspicious PowerShell/,
    ])
      expect(approval.text).toMatch(fact);
    expect(approval.text).toContain(machine.computerDnsName);
    expect(approval.text.indexOf('Open alerts')).toBeLessThan(approval.text.indexOf('approval.approve'));

    // The same audit entry as a typed isolate: who, which machine, which type, the reason as submitted (trimmed).
    const entry = (await auditEntries()).find((e) => e.type === 'authz' && e.reason === reason);
    expect(entry).toMatchObject({
      platform,
      verb: 'isolate',
      decision: 'needs-approval',
      details: { machine: machine.id, isolationType: 'selective' },
    });

    const approve = button(approval, 'approval.approve');
    const own = await chat.click(approve, 'responder', conversation, approval.messageId);
    await chat.toldUser(conversation, 'responder', /four-eyes|your own|You asked for this/i, own);
    expect(isolatePosts(machine)).toHaveLength(0);

    await chat.click(approve, 'approver', conversation, approval.messageId);
    await expect.poll(() => isolatePosts(machine).length, { timeout: 20_000 }).toBe(1);
    const body = isolatePosts(machine)[0]!.body as Record<string, string>;
    expect(body.IsolationType).toBe('Selective');
    expect(body.Comment).toContain(reason);
  });

  it('refuses an empty reason and a type the form does not offer; nothing is queued', async () => {
    const { machine, conversation, card, isolate } = await machineCard(chat);
    const empty = await chat.submit(
      isolate,
      { isolationType: 'full', reason: '   ' },
      'responder',
      conversation,
      card.messageId,
    );
    await chat.toldUser(conversation, 'responder', /A reason is required/, empty);
    const odd = await chat.submit(
      isolate,
      { isolationType: 'partial', reason: 'looks bad' },
      'responder',
      conversation,
      card.messageId,
    );
    await chat.toldUser(conversation, 'responder', /Choose the isolation type: full or selective/, odd);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const entries = (await auditEntries()).filter(
      (e) => (e.details as { machine?: string } | undefined)?.machine === machine.id,
    );
    expect(entries).toEqual([]);
    expect(isolatePosts(machine)).toHaveLength(0);
  });

  it('refuses a viewer', async () => {
    const { machine, conversation, card, isolate } = await machineCard(chat);
    const clicked = await chat.click(isolate, 'viewer', conversation, card.messageId);
    await chat.toldUser(conversation, 'viewer', /needs the responder role/, clicked);
    if (platform === 'teams') {
      // A viewer's submitted form is refused as their typed isolate would be, and audited as such.
      const submitted = await chat.submit(
        isolate,
        { isolationType: 'full', reason: 'viewer tries' },
        'viewer',
        conversation,
        card.messageId,
      );
      await chat.toldUser(conversation, 'viewer', /needs the responder role/, submitted);
      const entry = (await auditEntries()).find(
        (e) => (e.details as { machine?: string } | undefined)?.machine === machine.id,
      );
      expect(entry).toMatchObject({ verb: 'isolate', decision: 'deny' });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(isolatePosts(machine)).toHaveLength(0);
  });
});

describe('machine card Request isolation… on teams, a card posted before the form', () => {
  const chat = teamsDriver(stack);

  it("answers the old button's click (only the machine id) with the form in the card's place; a viewer is refused", async () => {
    const { machine, conversation, card, isolate } = await machineCard(chat);
    const clicked = await chat.click(isolate, 'responder', conversation, card.messageId);
    const response = JSON.parse(clicked) as { type: string; value: { body: unknown[]; actions: unknown[] } };
    expect(response.type).toBe('application/vnd.microsoft.card.adaptive');
    const form = JSON.stringify(response.value);
    expect(form).toContain('"id":"isolationType"');
    expect(form).toContain('"id":"reason"');
    expect(form).toContain('"verb":"isolate.request"');
    expect(form).toContain(machine.id);
    const viewer = await chat.click(isolate, 'viewer', conversation, card.messageId);
    await chat.toldUser(conversation, 'viewer', /needs the responder role/, viewer);
    expect(isolatePosts(machine)).toHaveLength(0);
  });
});
