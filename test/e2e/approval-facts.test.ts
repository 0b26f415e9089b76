// The approval card carries the facts an approver needs, read when the request is made: the machine's
// health, risk, exposure, OS, last seen, device group, tags and its open alerts (count, highest
// severity, newest title) — for a typed isolate on Slack and Teams, and for the alert card's
// Request isolation. The decision buttons come after them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import { startStack, type Stack } from '../helpers/stack.js';

let running: Stack;
const stack = () => running;

beforeAll(async () => {
  running = await startStack({ rbac: chatRbac() });
});
afterAll(() => running.close());

/** A machine of its own with two open alerts (the newest Medium) and one resolved High. */
function machineWithAlerts() {
  const name = `dc-${randomUUID().slice(0, 6)}.contoso.local`;
  const machine = running.sim.mde.addMachine({
    computerDnsName: name,
    healthStatus: 'Active',
    riskScore: 'High',
    exposureLevel: 'Medium',
    rbacGroupName: 'Domain controllers',
    machineTags: ['tier0'],
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
  running.sim.mde.addAlert({
    machineId: machine.id,
    severity: 'High',
    title: 'Old resolved one',
    status: 'Resolved',
    alertCreationTime: at(1),
  });
  return machine;
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('approval facts on %s', (_platform, make) => {
  const chat = make(stack);

  it('shows the machine and its open alerts before the decision buttons', async () => {
    const machine = machineWithAlerts();
    const conversation = chat.newConversation();
    await chat.send(`isolate ${machine.computerDnsName} beaconing to 203.0.113.9`, 'responder', conversation);
    const card = await chat.posted(conversation, /Approval needed/);
    // As the machine card shows it: to the minute, in UTC.
    const lastSeen = `${machine.lastSeen.slice(0, 16).replace('T', ' ')} UTC`;
    for (const fact of [
      new RegExp(`Last seen[\\s\\S]{0,40}${lastSeen}`),
      /Risk score[\s\S]{0,40}High/,
      /Exposure[\s\S]{0,40}Medium/,
      /Device group[\s\S]{0,40}Domain controllers/,
      /Tags[\s\S]{0,40}tier0/,
      /Open alerts[\s\S]{0,40}2, highest High; newest: Suspicious PowerShell/,
    ])
      expect(card.text).toMatch(fact);
    expect(card.text).not.toContain('Old resolved one');
    // The facts come first, then Approve / Deny.
    expect(card.text.indexOf('Open alerts')).toBeLessThan(card.text.indexOf('approval.approve'));
    expect(card.buttons.map((b) => b.verb)).toEqual(['approval.approve', 'approval.deny']);
  });
});
