// `tag` / `untag` end to end on Slack and on Teams, through the real adapters, worker, simulator and
// Redis: one POST /api/machines/{id}/tags with exactly {Value, Action}, the machine's card showing its
// tags after each change, a viewer refused with nothing sent, and a missing permission named.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMachine } from '../../src/sim/index.js';
import { startTestBot } from '../helpers/bot.js';
import { chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { isPrivateTo, content as slackContent } from '../helpers/slack-flow.js';

let running: Stack;
let machines: SimMachine[];
let machineIndex = 40;
const stack = () => running;

beforeAll(async () => {
  running = await startStack({ rbac: chatRbac() });
  machines = running.sim.mde.listMachines();
});
afterAll(() => running.close());

const tagPosts = (machineId: string) =>
  running.sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${machineId}/tags`);
const tagsOf = (machineId: string) =>
  running.sim.mde.listMachines().find((m) => m.id === machineId)!.machineTags;

describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
] as const)('tags on %s', (_platform, make) => {
  const chat = make(stack);

  it('tag then untag: one documented POST each, and the machine card shows the tags after each', async () => {
    const target = machines[machineIndex++ % machines.length]!;
    const conversation = chat.newConversation();
    const tag = `case ${randomUUID().slice(0, 8)}`;

    await chat.send(`tag ${target.computerDnsName} "${tag}"`, 'responder', conversation);
    const tagged = await chat.posted(conversation, /added/);
    expect(tagged.text).toContain(target.id);
    expect(tagged.text).toContain(tag);
    expect(tagPosts(target.id).map((c) => c.body)).toEqual([{ Value: tag, Action: 'Add' }]);
    expect(tagsOf(target.id)).toContain(tag);

    await chat.send(`untag ${target.computerDnsName} ${tag}`, 'responder', conversation);
    const untagged = await chat.posted(conversation, /removed/);
    expect(untagged.text).toContain(target.id);
    expect(tagPosts(target.id).map((c) => c.body)).toEqual([
      { Value: tag, Action: 'Add' },
      { Value: tag, Action: 'Remove' },
    ]);
    expect(tagsOf(target.id)).not.toContain(tag);
  });

  it('refuses a viewer before anything reaches MDE', async () => {
    const target = machines[machineIndex++ % machines.length]!;
    const answer = await chat.send(`tag ${target.computerDnsName} mine`, 'viewer', chat.newConversation());
    expect(answer).toMatch(/needs the responder role/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tagPosts(target.id)).toHaveLength(0);
  });
});

describe('a missing permission', () => {
  it('is named to the asker when the app lacks Machine.ReadWrite.All', async () => {
    const clientId = randomUUID();
    running.sim.addApp({
      clientId,
      displayName: 'defbot-no-tags',
      secret: 'no-tags-secret',
      certificatePem: undefined,
      appRoles: ['Machine.Read.All', 'Alert.Read.All', 'Machine.Isolate'],
      delegatedScopes: [],
    });
    const limited = await startTestBot({
      sim: running.sim,
      slack: running.slack,
      rbac: chatRbac(),
      env: { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'no-tags-secret' },
    });
    try {
      const chat = slackDriver(() => ({ ...running, bot: limited }));
      const target = machines[machineIndex++ % machines.length]!;
      const conversation = chat.newConversation();
      await chat.send(`tag ${target.computerDnsName} blocked`, 'responder', conversation);
      const told = await running.slack.waitFor(
        (c) => isPrivateTo(conversation)(c) && /Machine\.ReadWrite\.All/.test(slackContent(c)),
        15_000,
      );
      expect(slackContent(told)).toMatch(/app registration lacks the application permission/);
      expect(tagPosts(target.id).map((c) => c.status)).toEqual([403]);
      expect(tagsOf(target.id)).not.toContain('blocked');
    } finally {
      await limited.close();
    }
  });
});
