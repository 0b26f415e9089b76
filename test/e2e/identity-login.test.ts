// A Slack account has no Entra id of its own: the one a person bound with `login` makes RBAC `aad:`
// entries match them, and it goes again with `logout`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startTestSimulator } from '../helpers/sim.js';
import {
  followSignIn,
  loginLink,
  startUserContextBot,
  type UserContextBot,
} from '../helpers/user-context.js';

const ALEX_SLACK = 'U0ALEXLOGIN';
/** The simulator directory's Alex Analyst. */
const ALEX_OID = '0c3e5a7b-1d2f-4e6a-8b9c-2f4e6a8b0c1d';
const RBAC = `
roles:
  responder: ["aad:${ALEX_OID.toUpperCase()}"]
userContext: optional
`;

let sim: Simulator;
let slack: FakeSlack;
let uc: UserContextBot;

beforeAll(async () => {
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  uc = await startUserContextBot(sim, slack, RBAC);
  slack.setUser(ALEX_SLACK, { email: 'alex.analyst@contoso.com' });
});
afterAll(async () => {
  await uc.bot.close();
  await slack.close();
  await sim.close();
});

describe('aad: entries on Slack', () => {
  it('match only while the Slack account is bound to that Entra account by login', async () => {
    const channel = uc.driver.newChannel();
    const machine = sim.mde.listMachines()[0]!;
    const before = await uc.driver.command(`machine ${machine.computerDnsName}`, ALEX_SLACK, channel);
    expect(before.body).toMatch(/needs the viewer role; you have no role/);

    const signedIn = await followSignIn(
      await loginLink(uc.driver, ALEX_SLACK, channel),
      'alex.analyst@contoso.com',
    );
    expect(signedIn.status).toBe(200);

    const whoami = await uc.driver.command('whoami', ALEX_SLACK, channel);
    expect(whoami.body).toContain(`aad:${ALEX_OID}`);
    expect(whoami.body).toContain('role: responder');
    sim.clearCalls();
    const after = await uc.driver.command(`machine ${machine.computerDnsName}`, ALEX_SLACK, channel);
    expect(after.body).not.toMatch(/needs the viewer role/);
    await uc.driver.posted(channel, new RegExp(machine.computerDnsName.split('.')[0]!));
    expect(sim.calls().length).toBeGreaterThan(0);

    expect((await uc.driver.command('logout', ALEX_SLACK, channel)).body).toMatch(/Signed out/);
    const loggedOut = await uc.driver.command(`machine ${machine.computerDnsName}`, ALEX_SLACK, channel);
    expect(loggedOut.body).toMatch(/needs the viewer role; you have no role/);
  });
});
