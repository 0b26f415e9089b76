// A long `run` output for a Teams requester: the private card shows the first lines and links the whole
// output behind a signed, expiring link only the requester's Entra account opens (real Redis, a real
// notify queue); nothing of it is queued for the channel.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { DefenderClient } from '../../src/defender/index.js';
import { INLINE_LINES, sendRunOutput } from '../../src/jobs/actions/live-output.js';
import { createHuntCsvLinks } from '../../src/jobs/hunt-csv-links.js';
import type { MachineActionJob, NotifyJob } from '../../src/jobs/types.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let prefix: string;
let notify: Queue<NotifyJob>;
beforeEach(() => {
  prefix = `test-${randomUUID()}`;
  notify = new Queue<NotifyJob>('notify', { connection: redis, prefix });
});
afterEach(async () => {
  await notify.obliterate({ force: true });
  await notify.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});
afterAll(() => redis.disconnect());

const AAD = 'c0000000-0000-4000-8000-000000000002';
const job: MachineActionJob = {
  kind: 'machine-action',
  action: {
    verb: 'run',
    machineId: 'a'.repeat(40),
    machineName: 'web-07.contoso.local',
    reason: 'triage',
    script: 'collect-logs.ps1',
  },
  requester: {
    actor: {
      platform: 'teams',
      id: '29:rae',
      tenantId: 't',
      displayName: 'Rae',
      email: undefined,
      aadObjectId: AAD,
    },
    conversation: {
      platform: 'teams',
      id: '19:soc@thread.v2',
      tenantId: 't',
      serviceUrl: undefined,
      platformData: undefined,
    },
    correlationId: 'corr-1',
  },
};

describe('a long run output on Teams', () => {
  it('links the whole output for the requester alone, with the first lines on the private card', async () => {
    const links = createHuntCsvLinks({ redis, prefix, publicUrl: 'https://defbot.contoso.com' });
    const output = Array.from({ length: INLINE_LINES + 10 }, (_, i) => `line ${i + 1}`).join('\n');
    await sendRunOutput(
      {
        defender: {} as DefenderClient,
        notify,
        logger: createLogger({ level: 'silent' }),
        outputLinks: links,
      },
      job,
      { result: { scriptName: 'collect-logs.ps1', exitCode: 0, output, errors: '', format: 'json' } },
      (view) => ({ card: { type: 'AdaptiveCard', body: [], view }, text: view.outputNote ?? '' }),
    );
    const queued = (await notify.getJobs(['waiting', 'delayed'])).map((j) => j.data);
    expect(queued.map((d) => d.op)).toEqual(['private']);
    const note = queued[0]!.op === 'private' ? queued[0]!.message.text : '';
    const url = /\((https:\/\/defbot\.contoso\.com\/hunts\/csv\/[^)]+)\)/.exec(note)?.[1];
    expect(url).toBeDefined();
    const parsed = new URL(url!);
    const record = await links.open(
      parsed.pathname.split('/').pop()!,
      parsed.searchParams.get('exp') ?? '',
      parsed.searchParams.get('sig') ?? '',
    );
    expect(record).toMatchObject({
      ownerAad: AAD,
      content: output,
      filename: 'collect-logs.ps1-web-07-output.txt',
    });
  });
});
