// userContext: required on Slack: a signed-out user is refused before anything is queued, a
// signed-in user's calls all carry their delegated token, an approver who is not signed in fails the
// action with a clear card, and the bot never asks Entra for an app token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, DEFAULT_RBAC, USERS } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { buttons, content, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';
import {
  followSignIn,
  loginLink,
  startUserContextBot,
  type UserContextBot,
} from '../helpers/user-context.js';

let sim: Simulator;
let slack: FakeSlack;
let uc: UserContextBot;

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 200, inProgressMs: 200 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  uc = await startUserContextBot(
    sim,
    slack,
    DEFAULT_RBAC.replace('userContext: optional', 'userContext: required'),
  );
  slack.setUser(USERS.responder, { email: 'alex.analyst@contoso.com' });
  sim.clearTokenRequests();
  sim.clearCalls();
});
afterAll(async () => {
  await uc.bot.close();
  await slack.close();
  await sim.close();
});

describe('user context required (Slack)', () => {
  it('refuses a signed-out user, runs a signed-in user’s calls on their token, fails an approval by a signed-out approver, and never uses the app token', async () => {
    const channel = uc.driver.newChannel();
    const machine = sim.mde.listMachines()[2]!;
    const refused = await uc.driver.command(`machine ${machine.computerDnsName}`, USERS.responder, channel);
    expect(refused.body).toContain('Sign in first: /defender login');
    expect((await uc.driver.command('whoami', USERS.responder, channel)).body).toContain(
      'token context: none',
    );
    expect(sim.calls()).toHaveLength(0);

    expect(
      (await followSignIn(await loginLink(uc.driver, USERS.responder, channel), 'alex.analyst@contoso.com'))
        .status,
    ).toBe(200);
    await uc.driver.command(`machine ${machine.computerDnsName}`, USERS.responder, channel);
    await uc.driver.posted(channel, new RegExp(machine.computerDnsName.split('.')[0]!));

    await uc.driver.command(`isolate ${machine.computerDnsName} full beacon seen`, USERS.responder, channel);
    const card = await uc.driver.posted(channel, /Approve/);
    const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
    expect(await uc.driver.click(approve, USERS.approver, channel, tsOf(card))).toBe(200);
    const failed = await uc.driver.updated(channel, tsOf(card), /Failed/);
    expect(content(failed)).toMatch(/approver, who is not signed in/);
    expect(content(failed)).toContain('/defender login');
    expect(sim.calls().filter((c) => c.path.endsWith('/isolate'))).toHaveLength(0);

    const calls = sim.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call).toMatchObject({ tokenKind: 'user', upn: 'alex.analyst@contoso.com' });
    const grants = sim.tokenRequests().map((r) => r.grantType);
    expect(grants).not.toContain('client_credentials');
    expect(grants).toContain('authorization_code');
  });
});
