// Advanced hunting end to end on Slack and on Teams, through the real adapters, worker, Redis and
// the simulator's Microsoft Graph endpoint: hostile arguments reach Graph only as escaped literals,
// the first rows come back as a table card, all rows as CSV (Slack: the external upload API; Teams:
// a link only the requester's Entra account can open), a CPU-quota 429 becomes a plain message with
// the time to retry, and free KQL is refused below hunting.kqlRole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/redis.js';
import { createHuntCsvLinks } from '../../src/jobs/index.js';
import { tokenize } from '../../src/sim/mde/hunting/kql-lexer.js';
import {
  chatRbac,
  slackDriver,
  teamsDriver,
  SLACK_USERS,
  TEAMS_USERS,
  type Role,
} from '../helpers/chat-drivers.js';
import { content as slackContent } from '../helpers/slack-flow.js';
import { startStack, type Stack } from '../helpers/stack.js';

let running: Stack;
let publicUrl: string;
const stack = () => running;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  running = await startStack({
    rbac: chatRbac(),
    env: { HUNTS_FILE: 'hunts.example.yaml', PORT: String(port), PUBLIC_URL: publicUrl },
  });
  // The Entra accounts of the Teams users (their aadObjectId), so they can open their CSV links.
  for (const role of ['viewer', 'responder'] as const)
    running.sim.addUser({
      oid: TEAMS_USERS[role].aadObjectId,
      upn: `${role}@contoso.com`,
      displayName: TEAMS_USERS[role].name ?? role,
      mdeRoles: ['ViewData'],
      deviceGroups: '*',
    });
});
afterAll(async () => {
  if (process.env.HUNT_LOGS)
    (await import('node:fs')).writeFileSync(process.env.HUNT_LOGS, running.bot.logs());
  await running.close();
});

const graphQueries = () => running.sim.graph.calls().map((call) => call.query);

/**
 * A requester-only answer: on Slack an ephemeral message (chat.postEphemeral, or the command's
 * response_url answered ephemerally) that arrived after `since` calls; on Teams the bot's private message.
 */
async function toldPrivately(
  platform: 'slack' | 'teams',
  as: Role,
  conversation: string,
  matches: RegExp,
  since = 0,
) {
  if (platform === 'slack') {
    const call = await running.slack.waitFor(
      (c) =>
        running.slack.calls().indexOf(c) >= since &&
        matches.test(slackContent(c)) &&
        ((c.method === 'chat.postEphemeral' &&
          c.body.channel === conversation &&
          c.body.user === SLACK_USERS[as]) ||
          (c.method === 'response_url' && c.body.response_type === 'ephemeral')),
      15_000,
    );
    return slackContent(call);
  }
  const call = await running.connector.waitFor((c) => matches.test(JSON.stringify(c.body)), 15_000);
  return JSON.stringify(call.body);
}

/** How many calls the fake Slack has seen so far (answers after this count are the new ones). */
const slackMark = () => running.slack.calls().length;

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('hunting on %s', (platform, make) => {
  const chat = make(stack);

  it('binds hostile argument values as escaped literals: the query Graph receives keeps its structure', async () => {
    const hostile = `al" | take 1\n// let x = DeviceInfo; x | where "1" == "1`;
    const conversation = chat.newConversation();
    const before = graphQueries().length;
    await chat.send(`hunt user-device-alerts '${hostile}' 30`, 'responder', conversation);
    await chat.posted(conversation, /Hunt results: user-device-alerts/);
    const received = graphQueries().slice(before);
    expect(received).toHaveLength(1);
    const query = received[0]!;
    expect(query).toContain(
      '| where AccountName =~ "al\\" | take 1\\n// let x = DeviceInfo; x | where \\"1\\" == \\"1"',
    );
    // Token for token the same query as with a harmless name: the value is one string literal.
    const benign = query.replace(/=~ "(?:[^"\\]|\\.)*"/, '=~ "alex.analyst"');
    expect(tokenize(query).map((t) => t.kind)).toEqual(tokenize(benign).map((t) => t.kind));
    const literal = tokenize(query).find((t) => t.kind === 'string' && t.text.startsWith('al"'));
    expect(literal?.text).toBe(hostile);
  });

  it('refuses an argument that is not of its type before anything reaches Graph', async () => {
    const conversation = chat.newConversation();
    const before = graphQueries().length;
    const mark = slackMark();
    await chat.send(`hunt logons 'web-07" | take 1'`, 'viewer', conversation);
    await toldPrivately(platform, 'viewer', conversation, /machine must be a machine name/, mark);
    expect(graphQueries().length).toBe(before);
  });

  it('answers a named hunt with a table card of the first rows, the row count and the hunt’s name', async () => {
    const machine = running.sim.mde.listMachines()[1]!.computerDnsName;
    const conversation = chat.newConversation();
    await chat.send(`hunt logons ${machine.split('.')[0]} 720`, 'viewer', conversation);
    const card = await chat.posted(conversation, /Hunt results: logons/);
    expect(card.text).toContain('3 rows; all are shown.');
    expect(card.text).toContain('AccountName');
    expect(card.text).toContain('alex.analyst');
    if (platform === 'teams') {
      expect(card.text).toContain('"type":"Table"');
      expect(card.text).toContain('Download all rows (CSV)');
    } else {
      expect(card.text).toContain('```');
      expect(card.text).toContain('uploaded to this conversation');
    }
  });

  it('lists the named hunts this person may run', async () => {
    const conversation = chat.newConversation();
    const mark = slackMark();
    await chat.send('hunts', 'viewer', conversation);
    const viewer = await toldPrivately(platform, 'viewer', conversation, /hunt process-launches/, mark);
    expect(viewer).not.toContain('user-device-alerts');
    expect(viewer).not.toContain('hunt kql');
  });

  it('turns Graph’s CPU-quota 429 into a plain message with the time to retry', async () => {
    running.sim.graph.exhaustCpuUntil(Date.now() + 12 * 60_000);
    try {
      const conversation = chat.newConversation();
      const mark = slackMark();
      await chat.send('hunt ip-connections 198.51.100.23', 'viewer', conversation);
      const told = await toldPrivately(platform, 'viewer', conversation, /CPU quota/, mark);
      expect(told).toMatch(/in about 1[23] min/);
    } finally {
      running.sim.graph.exhaustCpuUntil(0);
    }
  });

  it('refuses hunt kql below hunting.kqlRole, and audits the whole query when it runs', async () => {
    const conversation = chat.newConversation();
    const query = `DeviceInfo | where OSPlatform == "Linux" | project DeviceName | take 3 // ${platform}`;
    const before = graphQueries().length;
    const mark = slackMark();
    await chat.send(`hunt kql ${query}`, 'viewer', conversation);
    await toldPrivately(platform, 'viewer', conversation, /needs the responder role/, mark);
    expect(graphQueries().length).toBe(before);

    await chat.send(`hunt kql ${query}`, 'responder', conversation);
    await chat.posted(conversation, /Hunt results: free KQL/);
    expect(graphQueries().slice(before)).toEqual([query]);
    const audit = (await running.bot.redis.xrange(`${running.bot.prefix}:audit`, '-', '+')).map(
      ([, fields]) =>
        JSON.parse(fields[1]!) as { verb?: string; outcome?: string; details?: Record<string, unknown> },
    );
    expect(audit.some((e) => e.verb === 'hunt' && e.outcome === 'denied' && e.details?.query === query)).toBe(
      true,
    );
    expect(audit.some((e) => e.verb === 'hunt' && e.outcome === 'ran' && e.details?.query === query)).toBe(
      true,
    );
  });
});

describe('the CSV of all rows', () => {
  it('on Slack: uploaded to the conversation through the external upload API', async () => {
    const chat = slackDriver(stack);
    const conversation = chat.newConversation();
    await chat.send('hunt ip-connections 198.51.100.23 30', 'viewer', conversation);
    await chat.posted(conversation, /Hunt results: ip-connections/);
    const file = await (async () => {
      for (let i = 0; i < 50; i++) {
        const found = running.slack.files().find((f) => f.channel === conversation);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no file shared to the conversation');
    })();
    const machines = running.sim.mde.listMachines().length;
    const lines = file.content!.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Timestamp,DeviceName,RemoteIP,RemotePort,RemoteUrl,InitiatingProcessFileName');
    expect(lines).toHaveLength(machines + 1);
    expect(file.filename).toMatch(/^hunt-ip-connections-\d{8}-\d{6}\.csv$/);
    // The three steps of the external upload, in order (chat posts may come between them).
    const steps = ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'];
    const methods = running.slack
      .calls()
      .map((c) => c.method)
      .filter((method) => steps.includes(method));
    expect(methods.slice(-3)).toEqual(steps);
  });

  it('on Teams: a link only the requester can open; another person and an expired link are refused', async () => {
    const chat = teamsDriver(stack);
    const conversation = chat.newConversation();
    await chat.send('hunt ip-connections 203.0.113.66 30', 'responder', conversation);
    const card = await chat.posted(conversation, /Hunt results: ip-connections/);
    const link = /"url":"(http:\/\/127\.0\.0\.1:\d+\/hunts\/csv\/[^"]+)"/.exec(card.text)?.[1];
    expect(link).toBeDefined();

    const open = async (as: string) => {
      const start = await fetch(link!, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      authorize.searchParams.set('login_hint', as);
      const entra = await fetch(authorize, { redirect: 'manual' });
      expect(entra.status).toBe(302);
      return fetch(entra.headers.get('location')!, { redirect: 'manual' });
    };
    const mine = await open('responder@contoso.com');
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toContain('text/csv');
    expect((await mine.text()).split('\r\n')[0]).toBe(
      'Timestamp,DeviceName,RemoteIP,RemotePort,RemoteUrl,InitiatingProcessFileName',
    );

    const other = await open('viewer@contoso.com');
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('belongs to the person who ran the hunt');

    const forged = await fetch(link!.replace(/sig=[^&]+/, 'sig=AAAA'), { redirect: 'manual' });
    expect(forged.status).toBe(404);

    const past = createHuntCsvLinks({
      redis: running.bot.redis,
      prefix: running.bot.prefix,
      publicUrl,
      clock: { now: () => Date.now() - 2 * 3_600_000 },
    });
    const old = await past.put({ filename: 'old.csv', content: 'a\r\n' }, TEAMS_USERS.responder.aadObjectId);
    const expired = await fetch(old.url, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
  });
});
