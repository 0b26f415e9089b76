// Hunting in user context: with HUNTS_FILE set, the sign-in also asks consent for Graph's delegated
// ThreatHunting.Read.All, and a signed-in person's hunts reach Graph with their own Graph token — a
// second resource from the same encrypted MSAL cache, no second sign-in — while others use the app's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { BOT_TOKEN, DEFAULT_RBAC, USERS } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
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
  sim = await startTestSimulator();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  uc = await startUserContextBot(sim, slack, DEFAULT_RBAC, undefined, { HUNTS_FILE: 'hunts.example.yaml' });
  slack.setUser(USERS.responder, { email: 'alex.analyst@contoso.com' });
});
afterAll(async () => {
  await uc.bot.close();
  await slack.close();
  await sim.close();
});

describe('hunting in user context (Slack)', () => {
  it('asks Graph consent at sign-in, then hunts with the user’s own Graph token', async () => {
    const channel = uc.driver.newChannel();
    const link = await loginLink(uc.driver, USERS.responder, channel);
    const start = await fetch(`${link}&login_hint=alex.analyst%40contoso.com`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('scope')).toContain(
      'https://graph.microsoft.com/ThreatHunting.Read.All',
    );
    const signedIn = await followSignIn(link, 'alex.analyst@contoso.com');
    expect(signedIn.status).toBe(200);

    sim.clearTokenRequests();
    await uc.driver.command('hunt kql DeviceInfo | take 2', USERS.responder, channel);
    await uc.driver.posted(channel, /Hunt results: free KQL/);
    const call = sim.graph.calls().at(-1)!;
    expect(call.query).toBe('DeviceInfo | take 2');
    expect(call.user).toBe('alex.analyst@contoso.com');
    // The Graph token came from the refresh token the sign-in stored: no client-credentials request.
    const grants = sim.tokenRequests().map((r) => r.grantType);
    expect(grants).toContain('refresh_token');
    expect(grants).not.toContain('client_credentials');
  });

  it('a person who is not signed in hunts with the bot’s app token', async () => {
    const channel = uc.driver.newChannel();
    await uc.driver.command('hunt ip-connections 198.51.100.23 30', USERS.viewer, channel);
    await uc.driver.posted(channel, /Hunt results: ip-connections/);
    const call = sim.graph.calls().at(-1)!;
    expect(call.user).toBeUndefined();
    expect(call.query).toContain('RemoteIP == "198.51.100.23"');
  });
});
