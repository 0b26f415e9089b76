// `doctor` in chat: an admin gets the setup checks privately (the worker runs them on its own
// configuration); anyone below admin is refused before anything runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SECRET } from '../../src/sim/index.js';
import { SLACK_USERS, TEAMS_USERS, chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import { isPrivateTo, privateUser, content as slackContent } from '../helpers/slack-flow.js';
import { startStack, type Stack } from '../helpers/stack.js';

/** The approver also administers the bot here. */
const RBAC = chatRbac().replace(
  'admin: []',
  `admin: ["slack:${SLACK_USERS.approver}", "teams:${TEAMS_USERS.approver.id}"]`,
);

let running: Stack;
beforeAll(async () => {
  running = await startStack({ rbac: RBAC });
});
afterAll(() => running.close());

describe('doctor in chat', () => {
  it('answers an admin privately on Slack with every check', async () => {
    const chat = slackDriver(() => running);
    const conversation = chat.newConversation();
    await chat.send('doctor', 'approver', conversation);
    const told = await running.slack.waitFor(
      (c) => isPrivateTo(conversation)(c) && /Setup check/.test(slackContent(c)),
      20_000,
    );
    expect(privateUser(told)).toBe(SLACK_USERS.approver);
    const text = slackContent(told);
    expect(text).toMatch(/✓ Entra: look-ups \(machine, actions, status\): Machine\.Read\.All granted/);
    expect(text).toMatch(/✓ MDE: .* answers/);
    expect(text).toMatch(/Redis: .*Redis \d/);
    expect(text).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(
      running.slack
        .calls()
        .some((c) => c.method === 'chat.postMessage' && /Setup check/.test(slackContent(c))),
    ).toBe(false);
  });

  it('refuses anyone below admin, on Slack and on Teams', async () => {
    for (const make of [slackDriver, teamsDriver]) {
      const chat = make(() => running);
      const answer = await chat.send('doctor', 'responder', chat.newConversation());
      expect(answer).toMatch(/`doctor` needs the admin role/);
    }
  });
});
