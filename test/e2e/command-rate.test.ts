// COMMAND_RATE_PER_MINUTE end to end: one person's commands are counted across their Slack and Teams
// accounts; over the rate the answer says when to try again, nothing is queued and MDE hears nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import type { TestBot } from '../helpers/bot.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { SlackDriver } from '../helpers/slack-flow.js';
import { defenderJobsIn } from '../helpers/jobs.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { messageActivity, postActivity, type Sender } from '../helpers/teams-activity.js';

const ERIN_SLACK = 'U0ERIN';
const ERIN_TEAMS: Sender = {
  id: '29:1erin-x',
  name: 'Erin Eve',
  aadObjectId: 'e1e1e1e1-1111-4000-8000-000000000001',
};
const FRANK_SLACK = 'U0FRANK';
const RBAC = `
roles:
  viewer: ["email:erin@contoso.com", "slack:${FRANK_SLACK}"]
`;

let stack: Stack;
let sim: Simulator;
let slack: FakeSlack;
let connector: FakeConnector;
let bot: TestBot;
let driver: SlackDriver;

beforeAll(async () => {
  stack = await startStack({ rbac: RBAC, env: { COMMAND_RATE_PER_MINUTE: '3' } });
  ({ sim, slack, connector, bot } = stack);
  driver = new SlackDriver(bot, slack);
  slack.setUser(ERIN_SLACK, { email: 'erin@contoso.com' });
  connector.setMember(ERIN_TEAMS.id, { email: 'Erin@Contoso.com', aadObjectId: ERIN_TEAMS.aadObjectId });
});
afterAll(() => stack.close());

describe('per-person command rate', () => {
  it('counts a Slack and a Teams account with one mailbox together, refuses the next with a time to retry, and queues nothing', async () => {
    const channel = driver.newChannel();
    const chat = '19:rate-erin@thread.v2';
    expect((await driver.command('help', ERIN_SLACK, channel)).body).toMatch(/Commands you may run/);
    const activity = messageActivity('whoami', {
      serviceUrl: connector.serviceUrl,
      scope: 'groupChat',
      from: ERIN_TEAMS,
    });
    const onTeams = {
      ...activity,
      conversation: { ...(activity.conversation as Record<string, unknown>), id: chat },
    };
    expect((await postActivity(`${bot.url}/api/messages`, onTeams)).status).toBe(200);
    const whoami = await connector.waitFor(
      (c) => c.conversationId === chat && c.route === 'reply' && c.targetId === activity.id,
    );
    expect(JSON.stringify(whoami.body)).toContain('role: viewer');
    expect((await driver.command('help', ERIN_SLACK, channel)).body).toMatch(/Commands you may run/);

    const target = sim.mde.listMachines()[0]!;
    sim.clearCalls();
    const fourth = await driver.command(`machine ${target.computerDnsName}`, ERIN_SLACK, channel);
    expect(fourth.body).toMatch(/Slow down/);
    expect(fourth.body).toMatch(/try again in ([1-9]|[1-5][0-9]|60) s/);
    expect(await defenderJobsIn(bot, channel)).toBe(0);

    // Someone else is not slowed down by Erin; their lookup is the only one MDE sees.
    const frankChannel = driver.newChannel();
    expect(
      (await driver.command(`machine ${target.computerDnsName}`, FRANK_SLACK, frankChannel)).body,
    ).toMatch(/Working on it/);
    await driver.posted(frankChannel, new RegExp(target.computerDnsName.split('.')[0]!));
    expect(await defenderJobsIn(bot, frankChannel)).toBe(1);
    expect(await defenderJobsIn(bot, channel)).toBe(0);

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/defbot_commands_rate_limited_total\{platform="slack"\} 1\b/);
  });
});
