// The audit entry and the job leave together: when the audit stream cannot be written, the command
// still runs, its audit line is in the log, and the failure to store it is logged as an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../helpers/bot.js';
import { SlackDriver } from '../helpers/slack-flow.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let driver: SlackDriver;

beforeAll(async () => {
  stack = await startStack();
  driver = new SlackDriver(stack.bot, stack.slack);
});
afterAll(() => stack.close());

describe('audit stream unwritable', () => {
  it('answers the command, runs it, and keeps the entry in the log', async () => {
    const { bot, sim } = stack;
    // A plain string where the stream should be: every XADD now fails with WRONGTYPE.
    await bot.redis.set(`${bot.prefix}:audit`, 'not a stream');
    const target = sim.mde.listMachines()[0]!;
    const channel = driver.newChannel();
    const ack = await driver.command(`machine ${target.computerDnsName}`, USERS.viewer, channel);
    expect(ack.body).toMatch(/Working on it/);
    await driver.posted(channel, new RegExp(target.computerDnsName.split('.')[0]!));
    const lines = bot.logs().split('\n');
    expect(lines.some((line) => line.includes('"audit":true') && line.includes('"verb":"machine"'))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes('audit entry not stored in Redis'))).toBe(true);
  });
});
