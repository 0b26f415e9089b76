// Alert triage end to end on Slack and on Teams, through the real adapters, worker, poller, simulator
// and Redis: a subscribed channel's card and an `alert` card of the same alert; "Assign to me" and the
// Resolve… form each send exactly one PATCH /api/alerts/{id} with exactly the documented fields, and
// both cards are redrawn in place with the new state; an invalid classification/determination pair is
// refused before MDE, typed or forged into the form; a missing permission is named.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimAlert, SimMachine } from '../../src/sim/index.js';
import { startTestBot } from '../helpers/bot.js';
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
import { isPrivateTo, content as slackContent } from '../helpers/slack-flow.js';
import { startStack, type Stack } from '../helpers/stack.js';

const POLL_SECONDS = 5;
const RESPONDER_EMAIL = 'rae.responder@contoso.com';
/** The approver also administers subscriptions here. */
const RBAC = chatRbac().replace(
  'admin: []',
  `admin: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}"]`,
);

let running: Stack;
let machines: SimMachine[];
let machineIndex = 3;
const stack = () => running;

beforeAll(async () => {
  running = await startStack({ rbac: RBAC, env: { ALERT_POLL_SECONDS: String(POLL_SECONDS) } });
  running.slack.setUser(SLACK_USERS.responder, { email: RESPONDER_EMAIL });
  running.connector.setMember(TEAMS_USERS.responder.id, {
    aadObjectId: TEAMS_USERS.responder.aadObjectId,
    email: RESPONDER_EMAIL,
    userPrincipalName: RESPONDER_EMAIL,
  });
  machines = running.sim.mde.listMachines();
});
afterAll(() => running.close());

const patches = (alertId: string) =>
  running.sim.calls().filter((c) => c.method === 'PATCH' && c.path === `/api/alerts/${alertId}`);

function newAlert(): SimAlert {
  const machine = machines[machineIndex++ % machines.length]!;
  return running.sim.mde.addAlert({
    machineId: machine.id,
    severity: 'High',
    title: `Triage drill ${randomUUID().slice(0, 8)}`,
  });
}

/** The alert's own card (a "working on it" note names the alert id too). */
const cardOf = (alert: SimAlert) => new RegExp(`Assigned to[\\s\\S]*${alert.id}`);
/** The signature MDE's comment carries: the chat person and platform. */
const ASSIGNEE = new RegExp(RESPONDER_EMAIL.replaceAll('.', '\\.'));
const SIGNED = String.raw`\(\S.* via (Slack|Microsoft Teams) / defbot\)$`;

/** A PATCH body with exactly these fields: strings equal, patterns matched. */
function expectBody(body: unknown, fields: Record<string, string | RegExp>): void {
  const record = body as Record<string, unknown>;
  expect(Object.keys(record).sort()).toEqual(Object.keys(fields).sort());
  for (const [key, want] of Object.entries(fields)) {
    if (typeof want === 'string') expect(record[key]).toBe(want);
    else expect(record[key]).toMatch(want);
  }
}

const button = (card: PostedCard, verb: string): Button => {
  const found = card.buttons.find((b) => b.verb === verb);
  if (!found) throw new Error(`no ${verb} button on the card: ${JSON.stringify(card.buttons)}`);
  return found;
};

/** A channel subscribed to every severity, and an alert raised after it subscribed, announced there. */
async function subscribedCardOf(
  chat: ChatDriver,
): Promise<{ channel: string; card: PostedCard; alert: SimAlert }> {
  const channel = chat.newConversation();
  expect(await chat.send('subscribe informational', 'approver', channel)).toMatch(/Subscribed/);
  const alert = newAlert();
  const card = await chat.posted(channel, cardOf(alert));
  return { channel, card, alert };
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('alert triage on %s', (_platform, make) => {
  const chat = make(stack);

  it('assign, then resolve on the card: one PATCH each with exactly those fields, every card of the alert redrawn', async () => {
    const subscribed = await subscribedCardOf(chat);
    const { alert } = subscribed;
    const mine = chat.newConversation();
    await chat.send(`alert ${alert.id}`, 'viewer', mine);
    const card = await chat.posted(mine, cardOf(alert));
    expect(card.buttons.map((b) => b.verb)).toEqual(
      expect.arrayContaining(['alert.assign', 'alert.resolve', 'alert.comment', 'alert.isolate']),
    );

    await chat.click(button(card, 'alert.assign'), 'responder', mine, card.messageId);
    await chat.updated(mine, card.messageId, ASSIGNEE);
    await chat.updated(subscribed.channel, subscribed.card.messageId, ASSIGNEE);
    expect(patches(alert.id)).toHaveLength(1);
    expectBody(patches(alert.id)[0]!.body, {
      assignedTo: RESPONDER_EMAIL,
      comment: new RegExp(`^Assigned to ${RESPONDER_EMAIL.replaceAll('.', '\\.')} ${SIGNED}`),
    });

    await chat.submit(
      button(card, 'alert.resolve'),
      { verdict: 'TruePositive:Malware', comment: 'dropper removed, host reimaged' },
      'responder',
      mine,
      card.messageId,
    );
    await chat.updated(mine, card.messageId, /Resolved[\s\S]*True positive[\s\S]*Malware/);
    await chat.updated(
      subscribed.channel,
      subscribed.card.messageId,
      /Resolved[\s\S]*True positive[\s\S]*Malware/,
    );
    expect(patches(alert.id)).toHaveLength(2);
    expectBody(patches(alert.id)[1]!.body, {
      status: 'Resolved',
      classification: 'TruePositive',
      determination: 'Malware',
      comment: new RegExp(`^dropper removed, host reimaged ${SIGNED}`),
    });
    const stored = running.sim.mde.listAlerts().find((a) => a.id === alert.id)!;
    expect(stored).toMatchObject({
      status: 'Resolved',
      assignedTo: RESPONDER_EMAIL,
      classification: 'TruePositive',
      determination: 'Malware',
    });
    expect(stored.history.map((h) => Object.keys(h.changes).sort())).toEqual([
      ['assignedTo', 'comment'],
      ['classification', 'comment', 'determination', 'status'],
    ]);
  });

  it('comments from the card, and the comment shows on the redrawn card', async () => {
    const alert = newAlert();
    const mine = chat.newConversation();
    await chat.send(`alert ${alert.id}`, 'responder', mine);
    const card = await chat.posted(mine, cardOf(alert));
    await chat.submit(
      button(card, 'alert.comment'),
      { comment: 'checked proxy logs' },
      'responder',
      mine,
      card.messageId,
    );
    await chat.updated(mine, card.messageId, /checked proxy logs/);
    expect(patches(alert.id)).toHaveLength(1);
    expectBody(patches(alert.id)[0]!.body, { comment: new RegExp(`^checked proxy logs ${SIGNED}`) });
  });

  it('refuses an invalid classification/determination pair before MDE, typed or forged into the form', async () => {
    const alert = newAlert();
    const mine = chat.newConversation();
    const typed = await chat.send(`resolve ${alert.id} fp malware it was fine`, 'responder', mine);
    expect(typed).toMatch(/Malware is not a determination of False positive/);
    expect(typed).toMatch(/Clean \(Not malicious\)/);

    await chat.send(`alert ${alert.id}`, 'responder', mine);
    const card = await chat.posted(mine, cardOf(alert));
    const answer = await chat.submit(
      button(card, 'alert.resolve'),
      { verdict: 'FalsePositive:Malware', comment: 'forged' },
      'responder',
      mine,
      card.messageId,
    );
    await chat.toldUser(mine, 'responder', /Malware is not a determination of False positive/, answer);
    expect(patches(alert.id)).toHaveLength(0);
  });

  it('typed: assign to a named address answers with the alert card; the list’s Triage posts the card; an unknown alert is named', async () => {
    const alert = newAlert();
    const mine = chat.newConversation();
    await chat.send(`assign ${alert.id} Bob@Contoso.com`, 'responder', mine);
    await chat.posted(mine, new RegExp(`bob@contoso\\.com[\\s\\S]*${alert.id}`));
    expect(patches(alert.id)).toHaveLength(1);
    expectBody(patches(alert.id)[0]!.body, {
      assignedTo: 'bob@contoso.com',
      comment: new RegExp(`^Assigned to bob@contoso\\.com ${SIGNED}`),
    });

    const list = chat.newConversation();
    await chat.send('alerts high 1h', 'viewer', list);
    const listed = await chat.posted(list, /Defender alerts/);
    const triage = listed.buttons.find((b) => b.verb === 'alert.show' && b.id === alert.id);
    expect(triage).toBeDefined();
    await chat.click(triage!, 'viewer', list, listed.messageId);
    await chat.posted(list, cardOf(alert));

    const unknown = 'da000000000000000000_1';
    await chat.send(`alert ${unknown}`, 'viewer', mine);
    // Only the asker hears it: a Slack ephemeral; on Teams a message to them alone.
    if (chat.name === 'slack')
      await chat.toldUser(mine, 'viewer', new RegExp(`Not found[\\s\\S]*${unknown}`), '');
    else
      await running.connector.waitFor(
        (c) => JSON.stringify(c.body).includes('Not found') && JSON.stringify(c.body).includes(unknown),
        15_000,
      );
  });

  it('refuses a viewer on the card with nothing sent to MDE', async () => {
    const alert = newAlert();
    const mine = chat.newConversation();
    await chat.send(`alert ${alert.id}`, 'viewer', mine);
    const card = await chat.posted(mine, cardOf(alert));
    const answer = await chat.click(button(card, 'alert.assign'), 'viewer', mine, card.messageId);
    await chat.toldUser(mine, 'viewer', /needs the responder role/, answer);
    expect(patches(alert.id)).toHaveLength(0);
  });
});

describe('Slack forms', () => {
  it('tells the clicker to click again when Slack will not open the modal (an expired trigger)', async () => {
    const chat = slackDriver(stack);
    const alert = newAlert();
    const mine = chat.newConversation();
    await chat.send(`alert ${alert.id}`, 'responder', mine);
    const card = await chat.posted(mine, cardOf(alert));
    running.slack.failNext('views.open', 'expired_trigger_id');
    await chat.click(button(card, 'alert.resolve'), 'responder', mine, card.messageId);
    await chat.toldUser(mine, 'responder', /form could not be opened; click the button again/, '');
    expect(patches(alert.id)).toHaveLength(0);
  });
});

describe('a missing permission', () => {
  it('is named to the asker when the app lacks Alert.ReadWrite.All', async () => {
    const clientId = randomUUID();
    running.sim.addApp({
      clientId,
      displayName: 'defbot-read-only-alerts',
      secret: 'read-only-alerts-secret',
      certificatePem: undefined,
      appRoles: ['Machine.Read.All', 'Alert.Read.All'],
      delegatedScopes: [],
    });
    const limited = await startTestBot({
      sim: running.sim,
      slack: running.slack,
      rbac: RBAC,
      env: { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'read-only-alerts-secret' },
    });
    try {
      const chat = slackDriver(() => ({ ...running, bot: limited }));
      const alert = newAlert();
      const conversation = chat.newConversation();
      await chat.send(`assign ${alert.id} bob@contoso.com`, 'responder', conversation);
      const told = await running.slack.waitFor(
        (c) => isPrivateTo(conversation)(c) && /Alert\.ReadWrite\.All/.test(slackContent(c)),
        15_000,
      );
      expect(slackContent(told)).toMatch(/app registration lacks the application permission/);
      expect(patches(alert.id).map((c) => c.status)).toEqual([403]);
      expect(running.sim.mde.listAlerts().find((a) => a.id === alert.id)!.assignedTo).toBeNull();
    } finally {
      await limited.close();
    }
  });
});
