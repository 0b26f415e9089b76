// Pick lists that continue the command: a short name matching two machines answers the asker with a
// pick list whose entries carry "Isolate this one"; pressing it asks for approval of that very
// isolation (the reason never left the server); anyone else, or after the list expired, is refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_USERS, chatRbac, slackDriver, teamsDriver } from '../helpers/chat-drivers.js';
import { buttons, isPrivateTo, privateUser, content as slackContent } from '../helpers/slack-flow.js';
import { startStack, type Stack } from '../helpers/stack.js';

let running: Stack;
beforeAll(async () => {
  running = await startStack({ rbac: chatRbac() });
});
afterAll(() => running.close());

const REASON = `beaconing ${randomUUID()}`;

function twins() {
  const name = `pk${randomUUID().slice(0, 6)}`;
  const contoso = running.sim.mde.addMachine({ computerDnsName: `${name}.contoso.local` });
  const fabrikam = running.sim.mde.addMachine({ computerDnsName: `${name}.fabrikam.local` });
  return { name, contoso, fabrikam };
}

describe('pick list → continue', () => {
  it('on Slack: the asker picks one and gets the approval card for it; others and stale lists are refused', async () => {
    const chat = slackDriver(() => running);
    const { name, fabrikam } = twins();
    const channel = chat.newConversation();
    await chat.send(`isolate ${name} ${REASON}`, 'responder', channel);
    const list = await running.slack.waitFor(
      (c) => isPrivateTo(channel)(c) && /Several machines match/.test(slackContent(c)),
      15_000,
    );
    expect(privateUser(list)).toBe(SLACK_USERS.responder);
    expect(slackContent(list)).toContain('Isolate this one');
    const continues = buttons(list).filter((b) => b.action_id.startsWith('pick.continue'));
    expect(continues).toHaveLength(2);
    // Only an opaque id rides in the buttons: never the reason, the verb's options or a machine id.
    expect(JSON.stringify(buttons(list))).not.toContain('beaconing');
    // The entries are in the list's order: pick the fabrikam machine.
    const chosen = slackContent(list).indexOf('fabrikam') < slackContent(list).indexOf('contoso') ? 0 : 1;
    const pick = continues[chosen]!;

    // Someone else may not press it.
    await chat.click({ verb: 'pick.continue', id: pick.value }, 'approver', channel, '');
    await chat.toldUser(channel, 'approver', /Only the person who sent the command/, '');

    await chat.click({ verb: 'pick.continue', id: pick.value }, 'responder', channel, '');
    const approval = await chat.posted(channel, /Approval needed/);
    expect(approval.text).toContain(fabrikam.id);
    expect(approval.text).toContain(REASON);

    // Once the list is gone (it expires after 15 minutes), its buttons do nothing but say so.
    await running.bot.redis.del(`${running.bot.prefix}:pick:${pick.value.split('-')[0]}`);
    await chat.click({ verb: 'pick.continue', id: pick.value }, 'responder', channel, '');
    await chat.toldUser(channel, 'responder', /pick list is no longer valid/, '');
  });

  it('on Teams: the asker’s pick runs the same command for that machine', async () => {
    const chat = teamsDriver(() => running);
    const { name, contoso } = twins();
    const conversation = chat.newConversation();
    await chat.send(`isolate ${name} ${REASON}`, 'responder', conversation);
    const list = await running.connector.waitFor(
      (c) => /Several machines match/.test(JSON.stringify(c.body)) && JSON.stringify(c.body).includes(name),
      15_000,
    );
    const card = JSON.stringify(list.body);
    expect(card).not.toContain('beaconing');
    const ids = [
      ...card.matchAll(/"verb":"pick\.continue","style":"positive","data":\{"id":"([A-Za-z0-9_-]+)"\}/g),
    ].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const chosen = card.indexOf('contoso') < card.indexOf('fabrikam') ? 0 : 1;
    const answer = await chat.click(
      { verb: 'pick.continue', id: ids[chosen]! },
      'responder',
      conversation,
      'x',
    );
    expect(answer).not.toMatch(/Not yours|no longer valid/);
    const approval = await chat.posted(conversation, /Approval needed/);
    expect(approval.text).toContain(contoso.id);
  });
});
