// The workspace boundary through the real server: signed requests from another workspace or Grid
// org (or from an outsider in a Slack Connect channel) are acked and refused before any listener,
// the core never hears of them, each is counted and logged (rate-limited); our own still get through.
import { afterEach, describe, expect, it } from 'vitest';
import { FOREIGN_ORGANISATION_TEXT, STILL_STARTING_TEXT } from '../../src/chat/slack/index.js';
import type { Clock } from '../../src/core/index.js';
import type { Metrics } from '../../src/metrics/index.js';
import {
  blockActionsBody,
  eventCallbackBody,
  postSignedToSlackEndpoint,
  slashCommandBody,
} from '../helpers/slack-signing.js';
import { SIGNING_SECRET, card, startHarness, type Harness, type HarnessSetup } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(setup: HarnessSetup = {}, clock?: Clock): Promise<Harness> {
  harness = await startHarness({ ackDeadlineMs: 2_000, ...(clock ? { clock } : {}) }, setup);
  harness.answerWith(() =>
    Promise.resolve({ visibility: 'private', message: { card: card('machine data'), text: 'machine data' } }),
  );
  return harness;
}

async function command(h: Harness, fields: Parameters<typeof slashCommandBody>[0]) {
  const res = await postSignedToSlackEndpoint(
    h.eventsUrl,
    SIGNING_SECRET,
    slashCommandBody({ text: 'machine pc-01', ...fields }),
  );
  return { status: res.status, text: await res.text() };
}

async function click(h: Harness, options: Parameters<typeof blockActionsBody>[0]) {
  const res = await postSignedToSlackEndpoint(
    h.eventsUrl,
    SIGNING_SECRET,
    blockActionsBody({ actions: [{ action_id: 'approval.approve', value: 'apr_6b1f0e2c9d' }], ...options }),
  );
  return { status: res.status, text: await res.text() };
}

async function event(h: Harness, options: Parameters<typeof eventCallbackBody>[0]) {
  const res = await postSignedToSlackEndpoint(h.eventsUrl, SIGNING_SECRET, eventCallbackBody(options), {
    contentType: 'application/json',
  });
  return { status: res.status, text: await res.text() };
}

async function refusals(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.foreignRefusalsTotal.get();
  return Object.fromEntries(values.map(({ labels, value }) => [`${labels.platform}/${labels.kind}`, value]));
}

const refusedLine = JSON.stringify({ response_type: 'ephemeral', text: FOREIGN_ORGANISATION_TEXT });
const startingLine = JSON.stringify({ response_type: 'ephemeral', text: STILL_STARTING_TEXT });
const answered = (text: string) =>
  expect(JSON.parse(text)).toMatchObject({ response_type: 'ephemeral', text: 'machine data' });

describe('workspace boundary (learned from auth.test)', () => {
  it("refuses another workspace's slash command with one line, never calls the core, counts and logs it", async () => {
    const h = await start({ fake: { teamId: 'T0TEAM' } });
    const res = await command(h, { team_id: 'T0EVIL', user_id: 'U0MALLORY' });
    expect(res).toEqual({ status: 200, text: refusedLine });
    expect(h.seen).toEqual([]);
    expect(await refusals(h.metrics)).toEqual({ 'slack/command': 1 });
    expect(h.log.text()).toMatch(/"foreignTeamId":"T0EVIL".*another organisation refused/);
    // Nothing about the foreign user was looked up either.
    expect(h.fake.calls().filter((c) => c.method === 'users.info')).toEqual([]);
  });

  it("refuses another workspace's click: acked, at most the one line to the clicker, the core never called", async () => {
    const h = await start();
    const res = await click(h, {
      teamId: 'T0EVIL',
      userId: 'U0MALLORY',
      responseUrl: h.fake.responseUrl('foreign-click'),
    });
    expect(res).toEqual({ status: 200, text: '' });
    const line = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(line.body).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: FOREIGN_ORGANISATION_TEXT,
    });
    expect(h.seen).toEqual([]);
    expect(await refusals(h.metrics)).toEqual({ 'slack/action': 1 });
    expect(h.fake.calls().map((c) => c.method)).toEqual(['auth.test', 'response_url']);
  });

  it('refuses an outsider clicking in a Slack Connect channel shared with our workspace, and admits our own member there', async () => {
    const h = await start();
    // team.id is ours (the channel's host), user.team_id is the outsider's own workspace.
    await click(h, {
      teamId: 'T0TEAM',
      userTeamId: 'T0PARTNER',
      userId: 'U0OUTSIDER',
      responseUrl: h.fake.responseUrl('outsider'),
    });
    await h.fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'outsider');
    expect(h.seen).toEqual([]);
    expect(await refusals(h.metrics)).toEqual({ 'slack/action': 1 });
    expect(h.log.text()).toMatch(/"foreignTeamId":"T0PARTNER"/);

    await click(h, { teamId: 'T0TEAM', userId: 'U0ALICE' });
    await expect.poll(() => h.seen.length).toBe(1);
    expect(h.seen[0]?.actor).toMatchObject({ id: 'U0ALICE', tenantId: 'T0TEAM' });
  });

  it("refuses events from another workspace and an outsider's events in a shared channel; ours reach the listener", async () => {
    const h = await start();
    expect(await event(h, { teamId: 'T0EVIL' })).toEqual({ status: 200, text: '' });
    expect(await event(h, { teamId: 'T0TEAM', userTeamId: 'T0PARTNER' })).toEqual({ status: 200, text: '' });
    expect(await refusals(h.metrics)).toEqual({ 'slack/event': 2 });
    expect(h.log.text()).not.toContain('slack event ignored');
    expect(await event(h, { teamId: 'T0TEAM' })).toEqual({ status: 200, text: '' });
    await expect.poll(() => h.log.text()).toContain('slack event ignored');
  });

  it('learns the allowed team from auth.test when SLACK_ALLOWED_TEAMS is unset', async () => {
    const h = await start({ fake: { teamId: 'T0LEARNED' } });
    answered((await command(h, { team_id: 'T0LEARNED' })).text);
    // The team the helpers' bodies name by default is somebody else's here.
    expect((await command(h, { team_id: 'T0TEAM' })).text).toBe(refusedLine);
    expect(h.seen.map((i) => i.actor.tenantId)).toEqual(['T0LEARNED']);
  });

  it("learns the token's Enterprise Grid org too: another workspace of that org is admitted", async () => {
    const h = await start({ fake: { teamId: 'T0LEARNED', enterpriseId: 'E0CONTOSO' } });
    answered((await command(h, { team_id: 'T0SISTER', enterprise_id: 'E0CONTOSO' })).text);
    expect((await command(h, { team_id: 'T0SISTER', enterprise_id: 'E0OTHER' })).text).toBe(refusedLine);
    expect((await command(h, { team_id: 'T0SISTER' })).text).toBe(refusedLine);
    expect(h.seen).toHaveLength(1);
  });

  it('refuses every request while auth.test has not answered (fail closed), asks again, then admits', async () => {
    const h = await start({ beforeMount: (fake) => fake.setFailing('auth.test', 500) });
    const authTests = () => h.fake.calls().filter((c) => c.method === 'auth.test');
    expect(authTests()).toHaveLength(1);
    expect(await command(h, { team_id: 'T0TEAM' })).toEqual({ status: 200, text: startingLine });
    // The refused request asked Slack again.
    await expect.poll(() => authTests().length).toBe(2);
    expect(await click(h, { teamId: 'T0TEAM', responseUrl: h.fake.responseUrl('early-click') })).toEqual({
      status: 200,
      text: '',
    });
    const line = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(line.body).toMatchObject({ response_type: 'ephemeral', text: STILL_STARTING_TEXT });
    expect(await event(h, { teamId: 'T0TEAM' })).toEqual({ status: 200, text: '' });
    expect(h.seen).toEqual([]);
    expect(h.log.text()).not.toContain('slack event ignored');
    // Not counted as foreign: nobody could tell yet.
    expect(await refusals(h.metrics)).toEqual({});

    // Slack answers again: the request that asks is still refused, the ones after its answer are served.
    await h.adapter.start();
    h.fake.setFailing('auth.test');
    expect((await command(h, { team_id: 'T0TEAM' })).text).toBe(startingLine);
    await h.fake.waitFor((c) => c.method === 'auth.test' && c.response?.ok === true);
    await h.adapter.start();
    answered((await command(h, { team_id: 'T0TEAM' })).text);
    expect((await command(h, { team_id: 'T0EVIL' })).text).toBe(refusedLine);
    expect(h.seen).toHaveLength(1);
  });

  it('logs each foreign id at most once a minute (injected clock), counting every refusal', async () => {
    let now = 1_750_000_000_000;
    const h = await start({}, { now: () => now });
    const lines = () =>
      h.log
        .text()
        .split('\n')
        .filter((line) => line.includes('another organisation refused'));
    await command(h, { team_id: 'T0EVIL' });
    await command(h, { team_id: 'T0EVIL' });
    await command(h, { team_id: 'T0OTHER' });
    expect(lines()).toHaveLength(2);
    now += 59_000;
    await command(h, { team_id: 'T0EVIL' });
    expect(lines()).toHaveLength(2);
    now += 1_000;
    await command(h, { team_id: 'T0EVIL' });
    expect(lines()).toHaveLength(3);
    expect(await refusals(h.metrics)).toEqual({ 'slack/command': 5 });
  });
});

describe('workspace boundary (SLACK_ALLOWED_TEAMS)', () => {
  it('serves only the configured ids, whatever auth.test says', async () => {
    const h = await start({ fake: { teamId: 'T0TEAM' }, allowedTeams: ['T0CONFIGURED'] });
    answered((await command(h, { team_id: 'T0CONFIGURED' })).text);
    expect((await command(h, { team_id: 'T0TEAM' })).text).toBe(refusedLine);
  });

  it('an allowed Enterprise Grid id admits a team of that org (command and click)', async () => {
    const h = await start({ allowedTeams: ['E0CONTOSO'] });
    answered((await command(h, { team_id: 'T0BRANCH', enterprise_id: 'E0CONTOSO' })).text);
    await click(h, { teamId: 'T0BRANCH', enterpriseId: 'E0CONTOSO', userId: 'U0BOB' });
    await expect.poll(() => h.seen.length).toBe(2);
    expect(h.seen.map((i) => [i.input.kind, i.actor.tenantId])).toEqual([
      ['command', 'T0BRANCH'],
      ['cardAction', 'T0BRANCH'],
    ]);
    // A team of another org, or none, is not.
    expect((await command(h, { team_id: 'T0BRANCH', enterprise_id: 'E0FABRIKAM' })).text).toBe(refusedLine);
    expect((await command(h, { team_id: 'T0BRANCH' })).text).toBe(refusedLine);
  });

  it("does not let an outsider in through our org's id: in a shared channel the org named is the channel's, not theirs", async () => {
    const h = await start({ allowedTeams: ['E0CONTOSO'] });
    await click(h, {
      teamId: 'T0BRANCH',
      enterpriseId: 'E0CONTOSO',
      userTeamId: 'T0PARTNER',
      userId: 'U0OUTSIDER',
      responseUrl: h.fake.responseUrl('outsider'),
    });
    await h.fake.waitFor((c) => c.method === 'response_url');
    expect(h.seen).toEqual([]);
    expect(await refusals(h.metrics)).toEqual({ 'slack/action': 1 });
  });
});
