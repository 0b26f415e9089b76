// The Teams tenant boundary end to end, with an RBAC file that grants viewer to "teams:*": a
// `machine <name>` message and an Action.Execute click from another Entra tenant reach nothing at MDE,
// post nothing but one refusal line / an error invoke response, and store no conversation reference,
// while the same from the allowed tenant works. Absence is checked by ordering, not by waiting: each
// foreign request is followed by the same request from the allowed tenant, and the MDE calls of that
// one must be all that was added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_TENANT_TEXT, conversationKey } from '../../src/chat/teams/index.js';
import type { SimMachine, Simulator } from '../../src/sim/index.js';
import type { TestBot } from '../helpers/bot.js';
import type { ConnectorCall, FakeConnector } from '../helpers/fake-connector.js';
import { startStack, type Stack } from '../helpers/stack.js';
import {
  ALICE,
  FOREIGN_TENANT_ID,
  GROUP_CHAT_ID,
  TENANT_ID,
  cardActionActivity,
  messageActivity,
  postActivity,
  type Sender,
  type TeamsActivity,
} from '../helpers/teams-activity.js';

const RBAC = 'roles:\n  viewer: ["teams:*"]\n  responder: []\n  approver: []\n  admin: []\n';
const MALLORY: Sender = {
  id: '29:1mallory-other-org',
  name: 'Mallory Elsewhere',
  aadObjectId: 'e5e5e5e5-0000-4000-8000-000000000005',
};
const FOREIGN_CHAT_ID = '19:other-org-chat@thread.v2';

let stack: Stack;
let sim: Simulator;
let connector: FakeConnector;
let bot: TestBot;
let target: SimMachine;

beforeAll(async () => {
  stack = await startStack({ rbac: RBAC });
  ({ sim, connector, bot } = stack);
  target = sim.mde.listMachines()[3]!;
});
afterAll(() => stack.close());

const messages = () => `${bot.url}/api/messages`;
/** Every MDE call about the target machine (lookup by name, reads by id). */
const mdeCallsOnTarget = () =>
  sim
    .calls()
    .filter((c) => c.path.includes(target.id) || JSON.stringify(c.query).includes(target.computerDnsName));
const inChat = (conversation: string) => (c: ConnectorCall) => c.conversationId === conversation;
/** What the bot showed there: replies, posts, and the working card updated to its result. */
const posted = (conversation: string) =>
  connector
    .calls()
    .filter(
      (c) => inChat(conversation)(c) && (c.route === 'reply' || c.route === 'send' || c.route === 'update'),
    );

function fromOtherTenant(activity: TeamsActivity, conversationId: string): TeamsActivity {
  return {
    ...activity,
    conversation: { ...(activity.conversation as Record<string, unknown>), id: conversationId },
  };
}

/** Posts a command from the allowed tenant and waits for the worker's card that names the target. */
async function askAllowed(text: string): Promise<ConnectorCall> {
  const before = posted(GROUP_CHAT_ID).length;
  const activity = messageActivity(text, {
    serviceUrl: connector.serviceUrl,
    scope: 'groupChat',
    from: ALICE,
  });
  expect((await postActivity(messages(), activity)).status).toBe(200);
  return connector.waitFor(
    (c) =>
      inChat(GROUP_CHAT_ID)(c) &&
      // The worker's card takes the place of the "working on it" reply (an update of it).
      (c.route === 'reply' || c.route === 'update') &&
      c.status === 200 &&
      posted(GROUP_CHAT_ID).indexOf(c) >= before &&
      JSON.stringify(c.body).includes(target.id),
    15_000,
  );
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('Teams tenant boundary, end to end', () => {
  it('a machine lookup from another tenant reaches nothing; from the allowed tenant it works', async () => {
    await askAllowed(`machine ${target.computerDnsName}`);
    const perLookup = mdeCallsOnTarget().length;
    expect(perLookup).toBeGreaterThan(0);

    const foreign = fromOtherTenant(
      messageActivity(`machine ${target.computerDnsName}`, {
        serviceUrl: connector.serviceUrl,
        scope: 'groupChat',
        from: MALLORY,
        tenantId: FOREIGN_TENANT_ID,
      }),
      FOREIGN_CHAT_ID,
    );
    expect((await postActivity(messages(), foreign)).status).toBe(200);
    expect(
      connector
        .calls()
        .filter(inChat(FOREIGN_CHAT_ID))
        .map((c) => [c.route, c.body.text]),
    ).toEqual([['reply', FOREIGN_TENANT_TEXT]]);

    // Had the foreign command been queued, it would run before this one, which is what we wait for.
    await askAllowed(`machine ${target.computerDnsName}`);
    expect(mdeCallsOnTarget()).toHaveLength(2 * perLookup);
    expect(connector.calls().filter(inChat(FOREIGN_CHAT_ID))).toHaveLength(1);
    expect(await bot.redis.exists(conversationKey(bot.prefix, FOREIGN_CHAT_ID))).toBe(0);
    expect(await bot.redis.keys(`${bot.prefix}:teams:member:${FOREIGN_TENANT_ID}:*`)).toEqual([]);
    expect(await metric('defbot_foreign_refusals_total', 'kind="message"')).toBe(1);
  });

  it("a click on a real button from another tenant gets a 403 and runs nothing; the allowed tenant's click runs", async () => {
    const card = await askAllowed(`machine ${target.computerDnsName}`);
    const messageId = card.responseId!;
    const click = (from: Sender, tenantId: string) =>
      cardActionActivity({
        serviceUrl: connector.serviceUrl,
        scope: 'groupChat',
        from,
        tenantId,
        verb: 'machine.actions',
        data: { id: target.id },
        replyToId: messageId,
      });
    const actionsCards = () =>
      posted(GROUP_CHAT_ID).filter((c) => c.status === 200 && JSON.stringify(c.body).includes('Actions on '));
    const clickAllowed = async () => {
      const before = actionsCards().length;
      const res = await postActivity(messages(), click(ALICE, TENANT_ID));
      expect(res.status).toBe(200);
      await connector.waitFor(() => actionsCards().length > before, 15_000);
    };

    await clickAllowed();
    const afterOne = mdeCallsOnTarget().length;
    await clickAllowed();
    const perClick = mdeCallsOnTarget().length - afterOne;
    expect(perClick).toBeGreaterThan(0);

    const reference = await bot.redis.get(conversationKey(bot.prefix, GROUP_CHAT_ID));
    const callsBefore = connector.calls().length;
    const res = await postActivity(messages(), click(MALLORY, FOREIGN_TENANT_ID));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'Forbidden' },
    });
    expect(connector.calls()).toHaveLength(callsBefore);
    // The allowed conversation's stored reference is not touched by a foreign activity naming it.
    expect(await bot.redis.get(conversationKey(bot.prefix, GROUP_CHAT_ID))).toBe(reference);

    const beforeLast = mdeCallsOnTarget().length;
    await clickAllowed();
    expect(mdeCallsOnTarget().length - beforeLast).toBe(perClick);
    expect(await metric('defbot_foreign_refusals_total', 'kind="invoke"')).toBe(1);
  });
});
