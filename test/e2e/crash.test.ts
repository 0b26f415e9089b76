// Nothing accepted is lost when a worker dies: a worker SIGKILLed while following an action is
// replaced by another that finishes the job with exactly one MDE submission; a job killed between
// the POST and recording the action id adopts the action MDE already has.
import { spawn, type ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineActionJob } from '../../src/jobs/types.js';
import type { Simulator } from '../../src/sim/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/sim/index.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, eventually, startTestBot, type TestBot } from '../helpers/bot.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { buttons, SlackDriver, tsOf } from '../helpers/slack-flow.js';
import { startTestSimulator } from '../helpers/sim.js';
import { createTestDefender } from '../helpers/defender.js';

let sim: Simulator;
let slack: FakeSlack;
let web: TestBot;
let driver: SlackDriver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ lifecycle: { pendingMs: 2500, inProgressMs: 2500 } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  web = await startTestBot({ sim, slack, env: { ROLE: 'web' } });
  driver = new SlackDriver(web, slack);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await web.close();
  await slack.close();
  await sim.close();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/worker-process.ts'], {
    env: {
      ...process.env,
      ROLE: 'worker',
      HOST: '127.0.0.1',
      PORT: '0',
      QUEUE_PREFIX: web.prefix,
      AZURE_TENANT_ID: sim.tenantId,
      AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
      AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: sim.authorityHost,
      DEFENDER_API_URL: sim.defenderApiUrl,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

describe('worker crashes', { timeout: 90_000 }, () => {
  it('a worker SIGKILLed while polling is replaced by another that finishes with one MDE submission', async () => {
    const target = sim.mde.listMachines()[5]!;
    const channel = driver.newChannel();
    const first = await startWorkerProcess();
    await driver.command(
      `isolate ${target.computerDnsName} selective lateral movement`,
      USERS.responder,
      channel,
    );
    const card = await driver.posted(channel, /Approve/, 20_000);
    const approve = buttons(card).find((b) => b.action_id.startsWith('approval.approve'))!;
    await driver.click(approve, USERS.approver, channel, tsOf(card));

    const isolateCalls = () =>
      sim.calls().filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
    const actionId = await eventually(
      () =>
        isolateCalls()[0]?.status === 201
          ? sim.mde.listActions().find((a) => a.machineId === target.id)?.id
          : undefined,
      20_000,
    );
    // Polling has begun when MDE has been asked for the action's status.
    await eventually(
      () => (sim.calls().some((c) => c.path === `/api/machineactions/${actionId}`) ? true : undefined),
      20_000,
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    await startWorkerProcess();
    await driver.updated(channel, tsOf(card), /Succeeded/, 30_000);
    expect(isolateCalls()).toHaveLength(1);
    expect((isolateCalls()[0]!.body as { IsolationType: string }).IsolationType).toBe('Selective');
  });

  it('a retried job adopts the action MDE already created instead of submitting again', async () => {
    const target = sim.mde.listMachines()[6]!;
    const { client } = createTestDefender(sim);
    // The first attempt's POST reached MDE, then the worker died before writing the id to the job.
    const firstAttemptAt = new Date(Date.now() - 1000).toISOString();
    const existing = await client.isolate(target.id, 'earlier attempt', 'Full');
    const queue = new Queue<MachineActionJob>('defender', { connection: web.redis, prefix: web.prefix });
    const channel = driver.newChannel();
    const job: MachineActionJob = {
      kind: 'machine-action',
      action: {
        verb: 'isolate',
        machineId: target.id,
        machineName: target.computerDnsName,
        reason: 'adoption test',
        isolationType: 'full',
      },
      requester: {
        actor: {
          platform: 'slack',
          id: USERS.responder,
          tenantId: 'T0TEAM',
          displayName: 'r',
          email: undefined,
          aadObjectId: undefined,
        },
        conversation: {
          platform: 'slack',
          id: channel,
          tenantId: 'T0TEAM',
          serviceUrl: undefined,
          platformData: undefined,
        },
        correlationId: 'adoption-test',
      },
      progress: { firstAttemptAt, submittingSince: firstAttemptAt },
    };
    await queue.add('machine-action', job, { jobId: 'adoption-test', attempts: 3 });
    await queue.close();
    await startWorkerProcess();
    const done = await driver.posted(channel, /Succeeded/, 30_000);
    expect(JSON.stringify(done.body)).toContain(existing.id);
    const posts = sim
      .calls()
      .filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/isolate`);
    expect(posts).toHaveLength(1);
  });

  it('a worker SIGKILLed while Slack answers its post is replaced by another that finds the card instead of posting it again', async () => {
    for (const child of children) child.kill('SIGKILL');
    const target = sim.mde.listMachines()[7]!;
    const channel = driver.newChannel();
    const first = await startWorkerProcess();
    // Slack stores the status card but its answer never reaches the worker: it dies first.
    slack.holdNext('chat.postMessage');
    await driver.command(`scan ${target.computerDnsName} crash during post`, USERS.responder, channel);
    const lost = await driver.posted(channel, /scan/i, 20_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    await startWorkerProcess();
    await driver.updated(channel, tsOf(lost), /Succeeded/, 30_000);
    const posts = slack.calls().filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
    expect(posts).toHaveLength(1);
    expect(slack.messages(channel)).toHaveLength(1);
    expect(
      slack.calls().some((c) => c.method === 'conversations.history' && c.body.channel === channel),
    ).toBe(true);
    const scans = sim
      .calls()
      .filter((c) => c.method === 'POST' && c.path === `/api/machines/${target.id}/runAntiVirusScan`);
    expect(scans).toHaveLength(1);
  });
});
