// The Slack workspace boundary end to end, with `slack:*` granting every user of our workspace the
// viewer role: a slash command and a button click carrying another workspace's team reach nothing
// (no audit entry, nothing at MDE, only the one refusal line), while our own workspace's still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_ORGANISATION_TEXT } from '../../src/chat/slack/index.js';
import type { SimMachine } from '../../src/sim/index.js';
import { SIGNING_SECRET } from '../helpers/bot.js';
import { buttons, content, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/slack-signing.js';
import { startStack, type Stack } from '../helpers/stack.js';

const RBAC = 'roles:\n  viewer: ["slack:*"]\nuserContext: optional\n';
const FOREIGN_TEAM = 'T0EVILCORP';
const MALLORY = 'U0MALLORY';
// Our workspace is the one the fake's auth.test names (T0TEAM), learned at start.
const OUR_MEMBER = 'U0MEMBER';

let stack: Stack;
let driver: SlackDriver;
let machines: SimMachine[];

beforeAll(async () => {
  stack = await startStack({ rbac: RBAC });
  driver = new SlackDriver(stack.bot, stack.slack);
  machines = stack.sim.mde.listMachines();
});
afterAll(async () => {
  await stack.close();
});

async function auditEntries(): Promise<string[]> {
  return (await stack.bot.redis.xrange(`${stack.bot.prefix}:audit`, '-', '+')).map(([, fields]) =>
    fields.join(' '),
  );
}

const mentions = (machine: SimMachine) => (text: string) =>
  text.includes(machine.id) || text.includes(machine.computerDnsName);

describe('Slack workspace boundary (slack:* viewers)', () => {
  it("refuses another workspace's command and click before the core; our workspace still gets its answers", async () => {
    const ours = machines[1]!;
    const theirs = machines[2]!;
    const { sim, slack } = stack;
    const channel = driver.newChannel();

    // Our member looks a machine up: the card (with its Actions button) arrives.
    await driver.command(`machine ${ours.computerDnsName}`, OUR_MEMBER, channel);
    const card = await driver.posted(channel, new RegExp(ours.id));
    const actionsButton = buttons(card).find((b) => b.action_id.startsWith('machine.actions'))!;
    expect(actionsButton.value).toBe(ours.id);

    // Another workspace: a command for some other machine, and a click on our card's button.
    const command = await postSignedToSlackEndpoint(
      stack.bot.slackEvents,
      SIGNING_SECRET,
      slashCommandBody({
        team_id: FOREIGN_TEAM,
        user_id: MALLORY,
        channel_id: channel,
        text: `machine ${theirs.computerDnsName}`,
        response_url: slack.responseUrl('mallory-cmd'),
      }),
    );
    expect(command.status).toBe(200);
    expect(await command.json()).toEqual({ response_type: 'ephemeral', text: FOREIGN_ORGANISATION_TEXT });
    const click = await postSignedToSlackEndpoint(
      stack.bot.slackEvents,
      SIGNING_SECRET,
      blockActionsBody({
        teamId: FOREIGN_TEAM,
        userId: MALLORY,
        channelId: channel,
        messageTs: tsOf(card),
        actions: [actionsButton],
        responseUrl: slack.responseUrl('mallory-click'),
      }),
    );
    expect(click.status).toBe(200);
    const line = await slack.waitFor((c) => c.method === 'response_url' && c.responseId === 'mallory-click');
    expect(line.body).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: FOREIGN_ORGANISATION_TEXT,
    });

    // Our member clicks the same button and gets the machine's actions.
    await driver.click(actionsButton, OUR_MEMBER, channel, tsOf(card));
    await driver.posted(channel, /machine actions on/i);

    // Nothing of the foreign requests reached MDE: no call names their machine, and the one
    // machine-actions listing is our member's.
    expect(sim.calls().filter((c) => mentions(theirs)(JSON.stringify(c)))).toEqual([]);
    expect(
      sim.calls().filter((c) => c.path === '/api/machineactions' && c.query.$filter?.includes(ours.id)),
    ).toHaveLength(1);
    // Nor the core: no audit entry names the foreign user or team, while our member's are there.
    const audit = await auditEntries();
    expect(audit.filter((entry) => entry.includes(MALLORY) || entry.includes(FOREIGN_TEAM))).toEqual([]);
    expect(audit.some((entry) => entry.includes(OUR_MEMBER))).toBe(true);
    // Nothing was sent to the foreign user but the two refusal lines.
    const toMallory = slack
      .calls()
      .filter((c) => c.body.user === MALLORY || content(c).includes(theirs.computerDnsName));
    expect(toMallory).toEqual([]);
    expect(
      slack
        .calls()
        .filter((c) => c.method === 'response_url' && c.responseId?.startsWith('mallory'))
        .map((c) => c.responseId),
    ).toEqual(['mallory-click']);

    const metrics = await (await fetch(`${stack.bot.url}/metrics`)).text();
    expect(metrics).toContain('defbot_foreign_refusals_total{platform="slack",kind="command"} 1');
    expect(metrics).toContain('defbot_foreign_refusals_total{platform="slack",kind="action"} 1');
    expect(stack.bot.logs()).toMatch(new RegExp(`"foreignTeamId":"${FOREIGN_TEAM}"`));
  });
});
