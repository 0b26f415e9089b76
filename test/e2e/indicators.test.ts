// `block`, `unblock` and `indicators` end to end on Slack and on Teams, through the real adapters,
// worker, simulator and Redis: each kind of value blocked after a second person's approval with exactly
// one documented POST /api/indicators (body and expiry as the simulator received them), four-eyes also
// across one person's Slack and Teams accounts, neverBlock / non-public values and malformed ones
// refused before any approval, an existing indicator shown instead of a second one, one DELETE for
// an approved unblock, and a missing Ti permission named to the requester.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/sim/calllog.js';
import { SIGNING_SECRET, startTestBot } from '../helpers/bot.js';
import {
  SLACK_USERS,
  TEAMS_USERS,
  slackDriver,
  teamsDriver,
  type ChatDriver,
  type ChatStack,
} from '../helpers/chat-drivers.js';
import { isPrivateTo, content as slackContent } from '../helpers/slack-flow.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { cardActionActivity, postActivity, type Sender } from '../helpers/teams-activity.js';

const PROTECTED_HASH = 'e'.repeat(64);
const ALICE_SLACK = 'U0IALICE';
const ALICE_TEAMS: Sender = {
  id: '29:indicators-alice',
  name: 'Alice Analyst',
  aadObjectId: 'a1a1a1a1-9999-4000-8000-000000000001',
};

// Alice requests on Slack (responder) and holds the approver role on Teams: one person, two accounts.
const RBAC = `
roles:
  viewer: ["slack:${SLACK_USERS.viewer}", "teams:${TEAMS_USERS.viewer.id}"]
  responder: ["slack:${SLACK_USERS.responder}", "aad:${TEAMS_USERS.responder.aadObjectId}", "slack:${ALICE_SLACK}"]
  approver: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}", "teams:${ALICE_TEAMS.id}"]
  admin: []
neverBlock: ["contoso.com", "198.51.100.0/24", "${PROTECTED_HASH}"]
indicators:
  expireDays: 20
`;

let running: Stack;
const stack = (): ChatStack => running;

beforeAll(async () => {
  running = await startStack({ rbac: RBAC });
  running.slack.setUser(ALICE_SLACK, { email: 'alice@contoso.com' });
  running.connector.setMember(ALICE_TEAMS.id, {
    email: 'Alice@Contoso.com',
    userPrincipalName: 'alice@contoso.onmicrosoft.com',
    aadObjectId: ALICE_TEAMS.aadObjectId,
  });
});
afterAll(() => running.close());

const hex = (length: number) => randomBytes(length / 2).toString('hex');
const word = () => randomUUID().slice(0, 8);
let octet = 1;
const calls = (method: string, path: RegExp) =>
  running.sim.calls().filter((c) => c.method === method && path.test(c.path));
const postsFor = (value: string): CallRecord[] =>
  calls('POST', /^\/api\/indicators$/).filter(
    (c) => (c.body as { indicatorValue?: string } | null)?.indicatorValue === value,
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** A private answer to the requester: a Slack ephemeral message, a Teams 1:1 message. */
async function toldPrivately(chat: ChatDriver, conversation: string, matches: RegExp): Promise<string> {
  if (chat.name === 'slack') {
    const call = await running.slack.waitFor(
      (c) => isPrivateTo(conversation)(c) && matches.test(slackContent(c)),
      15_000,
    );
    return slackContent(call);
  }
  const call = await running.connector.waitFor(
    (c) => (c.conversationId ?? '').startsWith('a:personal') && matches.test(JSON.stringify(c.body)),
    15_000,
  );
  return JSON.stringify(call.body);
}

/** Requests `text` as the responder and returns the approval card with its Approve button. */
async function requestApproval(chat: ChatDriver, conversation: string, text: string) {
  await chat.send(text, 'responder', conversation);
  const card = await chat.posted(conversation, /Approval needed/);
  const approve = card.buttons.find((b) => b.verb === 'approval.approve');
  expect(approve?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  return { card, approve: approve! };
}

function expectExpiry(call: CallRecord, days: number) {
  const sent = Date.parse(call.at);
  const expiry = Date.parse((call.body as { expirationTime: string }).expirationTime);
  expect(Math.abs(expiry - (sent + days * 86_400_000))).toBeLessThan(60_000);
}

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('indicators on %s', (_platform, make) => {
  const chat = make(stack);

  const KINDS = [
    ['sha1', () => hex(40), 'FileSha1', 'BlockAndRemediate'],
    ['sha256', () => hex(64), 'FileSha256', 'BlockAndRemediate'],
    ['md5', () => hex(32), 'FileMd5', 'BlockAndRemediate'],
    ['ipv4', () => `203.0.113.${octet++}`, 'IpAddress', 'Block'],
    ['ipv6', () => `2001:db8::${(octet++).toString(16)}`, 'IpAddress', 'Block'],
    ['domain', () => `evil-${word()}.example`, 'DomainName', 'Block'],
    ['url', () => `https://evil-${word()}.example/kit/login.php?x=1`, 'Url', 'Block'],
  ] as const;

  it.each(KINDS)(
    'block of a %s, approved: exactly one POST /api/indicators with the documented body and expiry',
    async (kind, make, indicatorType, action) => {
      const value = make();
      const sent = kind === 'ipv6' ? value.replace('::', ':0:0:0:0:0:') : value;
      const days = kind === 'domain' ? 5 : 20;
      const conversation = chat.newConversation();
      const text = kind === 'domain' ? `block ${value} for 5d phishing kit` : `block ${value} phishing kit`;
      const { card, approve } = await requestApproval(chat, conversation, text);
      expect(postsFor(sent)).toHaveLength(0);

      await chat.click(approve, 'approver', conversation, card.messageId);
      await chat.updated(conversation, card.messageId, /Created/);
      const posts = postsFor(sent);
      expect(posts).toHaveLength(1);
      expect(posts[0]!.status).toBe(200);
      expect(posts[0]!.body).toEqual({
        indicatorValue: sent,
        indicatorType,
        action,
        title: `Blocked from chat: ${sent}`,
        description: expect.stringMatching(
          /^phishing kit \(requested by .+, approved by .+, via (Slack|Microsoft Teams) \/ defbot\)$/,
        ) as unknown,
        severity: 'High',
        expirationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
        generateAlert: true,
      });
      const description = (posts[0]!.body as { description: string }).description;
      const requesterId = chat.name === 'slack' ? SLACK_USERS.responder : TEAMS_USERS.responder.id;
      const approverId = chat.name === 'slack' ? SLACK_USERS.approver : TEAMS_USERS.approver.id;
      expect(description.indexOf(requesterId)).toBeLessThan(description.indexOf(approverId));
      expect(description).toContain(approverId);
      expectExpiry(posts[0]!, days);
      expect(running.sim.mde.listIndicators().filter((i) => i.indicatorValue === sent)).toHaveLength(1);
    },
  );

  it('refuses self-approval; another approver then approves and one POST follows', async () => {
    const value = `self-${word()}.example`;
    const conversation = chat.newConversation();
    const { card, approve } = await requestApproval(chat, conversation, `block ${value} mine`);
    const own = await chat.click(approve, 'responder', conversation, card.messageId);
    await chat.toldUser(conversation, 'responder', /another approver must decide \(four-eyes\)/, own);
    const viewer = await chat.click(approve, 'viewer', conversation, card.messageId);
    await chat.toldUser(conversation, 'viewer', /approver role/, viewer);
    await settle();
    expect(postsFor(value)).toHaveLength(0);
    await chat.click(approve, 'approver', conversation, card.messageId);
    await chat.updated(conversation, card.messageId, /Created/);
    expect(postsFor(value)).toHaveLength(1);
  });

  it.each([
    ['mail.contoso.com', /neverBlock entry “contoso\.com”/],
    ['198.51.100.20', /neverBlock entry “198\.51\.100\.0\/24”/],
    [PROTECTED_HASH, /neverBlock entry/],
    ['10.1.2.3', /non-public address/],
    ['http://192.168.1.10/x', /non-public address/],
    ['login.microsoftonline.com', /cut the bot off from login\.microsoftonline\.com/],
    ['botframework.com', /cut the bot off from api\.botframework\.com/],
  ])('refuses %s before any approval: no approval card, no MDE call', async (value, why) => {
    const conversation = chat.newConversation();
    const before = running.sim.calls().length;
    const reason = `guard ${word()}`;
    await chat.send(`block ${value} ${reason}`, 'responder', conversation);
    const told = await toldPrivately(chat, conversation, why);
    expect(told).toMatch(/Nothing was requested/);
    await settle();
    expect(
      running.sim
        .calls()
        .slice(before)
        // The alert poller may call /api/alerts meanwhile; nothing about indicators may be sent.
        .filter((c) => c.path.startsWith('/api/indicators')),
    ).toEqual([]);
    if (chat.name === 'slack')
      expect(
        running.slack
          .calls()
          .filter((c) => c.method === 'chat.postMessage' && c.body.channel === conversation),
      ).toEqual([]);
    else
      expect(
        running.connector
          .calls()
          .filter((c) => c.conversationId === conversation && /Approval needed/.test(JSON.stringify(c.body))),
      ).toEqual([]);
  });

  it('refuses a malformed value at once, naming the expected formats', async () => {
    const answer = await chat.send(`block not_a_host.example! bad`, 'responder', chat.newConversation());
    expect(answer).toMatch(/SHA-1/);
    expect(answer).toMatch(/SHA-256/);
    expect(answer).toMatch(/MD5/);
    expect(answer).toMatch(/IPv4 or IPv6/);
    expect(answer).toMatch(/domain/);
    expect(answer).toMatch(/URL/);
  });

  it('shows an existing indicator instead of asking for a second one', async () => {
    const value = `known-${word()}.example`;
    const existing = running.sim.mde.addIndicator({ indicatorValue: value, indicatorType: 'DomainName' });
    const conversation = chat.newConversation();
    await chat.send(`block ${value} again`, 'responder', conversation);
    const shown = await chat.posted(conversation, /Already in Defender/);
    expect(shown.text).toContain(existing.id);
    expect(shown.buttons).toEqual([]);
    await settle();
    expect(postsFor(value)).toHaveLength(0);
  });

  it('an indicator made between request and approval is shown on the card, not duplicated', async () => {
    const value = `race-${word()}.example`;
    const conversation = chat.newConversation();
    const { card, approve } = await requestApproval(chat, conversation, `block ${value} race`);
    const existing = running.sim.mde.addIndicator({ indicatorValue: value, indicatorType: 'DomainName' });
    await chat.click(approve, 'approver', conversation, card.messageId);
    const updated = await chat.updated(conversation, card.messageId, /Already blocked/);
    expect(updated).toContain(existing.id);
    expect(postsFor(value)).toHaveLength(0);
  });

  it('unblock (by value, then by id), approved: exactly one DELETE each', async () => {
    for (const by of ['value', 'id'] as const) {
      const value = `gone-${word()}.example`;
      const existing = running.sim.mde.addIndicator({ indicatorValue: value, indicatorType: 'DomainName' });
      const conversation = chat.newConversation();
      const target = by === 'value' ? value : existing.id;
      const { card, approve } = await requestApproval(chat, conversation, `unblock ${target} false positive`);
      expect(card.text).toContain(existing.id);
      await chat.click(approve, 'approver', conversation, card.messageId);
      await chat.updated(conversation, card.messageId, /Removed/);
      const deletes = calls('DELETE', new RegExp(`^/api/indicators/${existing.id}$`));
      expect(deletes.map((c) => c.status)).toEqual([204]);
      expect(running.sim.mde.listIndicators().find((i) => i.id === existing.id)).toBeUndefined();
    }
  });

  it('indicators lists them for a viewer, or the one for a value', async () => {
    const value = `listed-${word()}.example`;
    const existing = running.sim.mde.addIndicator({ indicatorValue: value, indicatorType: 'DomainName' });
    const conversation = chat.newConversation();
    await chat.send(`indicators ${value}`, 'viewer', conversation);
    const card = await chat.posted(conversation, new RegExp(`Indicators for ${value.replace(/\./g, '\\.')}`));
    expect(card.text).toContain(existing.id);
    const query = calls('GET', /^\/api\/indicators$/).at(-1)!;
    expect(query.query.$filter).toBe(`indicatorValue eq '${value}'`);
  });
});

describe('four-eyes across one person’s accounts', () => {
  it('a block requested on Slack cannot be approved by the same person from Teams; another approver can', async () => {
    const chat = slackDriver(stack);
    const value = `alice-${word()}.example`;
    const conversation = chat.newConversation();
    await postSignedToSlackEndpoint(
      running.bot.slackEvents,
      SIGNING_SECRET,
      slashCommandBody({
        text: `block ${value} suspicious`,
        user_id: ALICE_SLACK,
        channel_id: conversation,
        response_url: running.slack.responseUrl(`alice-${word()}`),
      }),
    );
    const card = await chat.posted(conversation, /Approval needed/);
    const approve = card.buttons.find((b) => b.verb === 'approval.approve')!;

    const activity = cardActionActivity({
      serviceUrl: running.connector.serviceUrl,
      scope: 'groupChat',
      from: ALICE_TEAMS,
      verb: 'approval.approve',
      data: { id: approve.id },
      replyToId: 'foreign-card',
    });
    const refusal = await (await postActivity(`${running.bot.url}/api/messages`, activity)).text();
    expect(refusal).toMatch(/You asked for this block; another approver must decide \(four-eyes\)/);
    await settle();
    expect(postsFor(value)).toHaveLength(0);

    await chat.click(approve, 'approver', conversation, card.messageId);
    await chat.updated(conversation, card.messageId, /Created/);
    expect(postsFor(value)).toHaveLength(1);
  });
});

describe('a missing Ti permission', () => {
  it('is named to the requester, and nothing is requested or blocked', async () => {
    const clientId = randomUUID();
    running.sim.addApp({
      clientId,
      displayName: 'defbot-no-ti',
      secret: 'no-ti-secret',
      certificatePem: undefined,
      appRoles: ['Machine.Read.All', 'Alert.Read.All', 'Machine.Isolate'],
      delegatedScopes: [],
    });
    const limited = await startTestBot({
      sim: running.sim,
      slack: running.slack,
      rbac: RBAC,
      env: { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'no-ti-secret' },
    });
    try {
      const chat = slackDriver(() => ({ ...running, bot: limited }));
      const value = `noperm-${word()}.example`;
      const conversation = chat.newConversation();
      await chat.send(`block ${value} no permission`, 'responder', conversation);
      const told = await toldPrivately(chat, conversation, /Ti\.ReadWrite\.All/);
      expect(told).toMatch(/app registration lacks the application permission Ti\.ReadWrite\.All/);
      expect(
        calls('GET', /^\/api\/indicators$/)
          .filter((c) => c.clientId === clientId)
          .map((c) => c.status),
      ).toEqual([403]);
      expect(postsFor(value)).toHaveLength(0);
      expect(
        running.slack
          .calls()
          .filter((c) => c.method === 'chat.postMessage' && c.body.channel === conversation),
      ).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
