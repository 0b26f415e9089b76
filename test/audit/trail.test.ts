import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditTrail, type AuditEvent } from '../../src/audit/index.js';
import { needsNoRole } from '../../src/audit/shares.js';
import { BotError, createLogger } from '../../src/core/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function capture(level = 'info') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    logger: createLogger({ level, destination: stream }),
    lines: (): Record<string, unknown>[] =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    type: 'command',
    at: new Date('2025-11-25T10:00:00.000Z').toISOString(),
    correlationId: randomUUID(),
    platform: 'slack',
    actorId: 'U024BE7LH',
    verb: 'isolate',
    machineId: 'a1b2c3',
    reason: 'ransomware beacon',
    ...overrides,
  };
}

let redis: Redis;
const prefixes: string[] = [];

function uniquePrefix(): string {
  const prefix = `test-${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});

afterEach(async () => {
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:audit*`);
    if (keys.length > 0) await redis.del(...keys);
  }
});

afterAll(async () => {
  await redis.quit();
});

describe('audit trail on Redis', () => {
  it('appends each event to <prefix>:audit as JSON and reads them back newest first', async () => {
    const { logger } = capture();
    const prefix = uniquePrefix();
    const trail = createAuditTrail({ redis, prefix, logger });
    expect(trail.streamKey).toBe(`${prefix}:audit`);

    const first = event({ type: 'authz', decision: 'needs-approval' });
    const second = event({
      type: 'mde-submit',
      actionId: 'act-1',
      tokenContext: 'user',
      details: { status: 201 },
    });
    await trail.record(first);
    await trail.record(second);

    const raw = await redis.xrange(`${prefix}:audit`, '-', '+');
    expect(raw).toHaveLength(2);
    expect(raw[0]?.[1]).toEqual(['event', JSON.stringify(first)]);
    expect(await trail.readRecent(10)).toEqual([second, first]);
    expect(await trail.readRecent(1)).toEqual([second]);
    expect(await trail.readRecent(0)).toEqual([]);
  });

  it('caps the stream near maxLen', async () => {
    const { logger } = capture('silent');
    const prefix = uniquePrefix();
    const maxLen = 10;
    const trail = createAuditTrail({ redis, prefix, logger, maxLen });
    for (let i = 0; i < 500; i++) await trail.record(event({ outcome: `n${i}` }));

    // MAXLEN ~ trims whole stream nodes only, so up to one node's worth more may stay.
    const config = await redis.config('GET', 'stream-node-max-entries');
    const nodeSize = Number(config[1] ?? 100);
    const length = await redis.xlen(`${prefix}:audit`);
    expect(length).toBeGreaterThanOrEqual(maxLen);
    expect(length).toBeLessThanOrEqual(maxLen + nodeSize);
    expect(length).toBeLessThan(500);
    expect((await trail.readRecent(1))[0]?.outcome).toBe('n499');
  });

  it('writes one structured log line per event, marked audit: true', async () => {
    const { logger, lines } = capture();
    const trail = createAuditTrail({ redis, prefix: uniquePrefix(), logger });
    const recorded = event({ type: 'approval', decision: 'approved', actorAad: 'oid-1' });
    await trail.record(recorded);

    const audit = lines().filter((line) => line.audit === true);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ ...recorded, audit: true, level: 30, msg: 'audit approval' });
  });

  it('keeps audit lines when the log level is quieter than info', async () => {
    const { logger, lines } = capture('warn');
    const trail = createAuditTrail({ redis, prefix: uniquePrefix(), logger });
    await trail.record(event());
    logger.info('ordinary chatter');
    expect(lines().map((line) => line.msg)).toEqual(['audit command']);
  });

  it('redacts credential-named details in the log line', async () => {
    const { logger, lines } = capture();
    const trail = createAuditTrail({ redis, prefix: uniquePrefix(), logger });
    await trail.record(event({ details: { token: 'xoxb-should-not-appear', status: 403 } }));
    const text = JSON.stringify(lines());
    expect(text).not.toContain('xoxb-should-not-appear');
    expect(text).toContain('"status":403');
  });

  it('skips stream entries that are not valid events when reading', async () => {
    const { logger } = capture('silent');
    const prefix = uniquePrefix();
    const trail = createAuditTrail({ redis, prefix, logger });
    await trail.record(event({ outcome: 'good' }));
    await redis.xadd(`${prefix}:audit`, '*', 'event', '{not json');
    await redis.xadd(`${prefix}:audit`, '*', 'event', JSON.stringify({ type: 'nonsense' }));
    await redis.xadd(`${prefix}:audit`, '*', 'other', 'x');
    expect((await trail.readRecent(10)).map((e) => e.outcome)).toEqual(['good']);
  });

  it('logs, then refuses a malformed event without writing it', async () => {
    const { logger, lines } = capture();
    const prefix = uniquePrefix();
    const trail = createAuditTrail({ redis, prefix, logger });
    await expect(trail.record(event({ at: 'yesterday' }))).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(lines().filter((line) => line.audit === true)).toHaveLength(1);
    expect(await redis.exists(`${prefix}:audit`)).toBe(0);
  });

  it('refuses a maxLen that is not a positive integer', () => {
    const { logger } = capture('silent');
    expect(() => createAuditTrail({ redis, prefix: 'x', logger, maxLen: 0 })).toThrow(/positive integer/);
    expect(() => createAuditTrail({ redis, prefix: 'x', logger, maxLen: 1.5 })).toThrow(/positive integer/);
    expect(() => createAuditTrail({ redis, prefix: 'x', logger, overflowMaxLen: 0 })).toThrow(
      /positive integer/,
    );
    expect(() =>
      createAuditTrail({ redis, prefix: 'x', logger, personShare: { entries: 1, windowMs: 0 } }),
    ).toThrow(/windowMs/);
  });
});

describe('audit stream flooding', () => {
  const denial = (actorId: string, i: number) =>
    event({
      type: 'authz',
      actorId,
      verb: 'isolate',
      decision: 'deny',
      reason: 'needs the responder role',
      outcome: `d${i}`,
    });

  it('a role-less user looping denied commands cannot trim an earlier approval out of the stream; every denial is logged', async () => {
    const { logger, lines } = capture();
    const prefix = uniquePrefix();
    const maxLen = 50;
    const trail = createAuditTrail({ redis, prefix, logger, maxLen });
    const approval = event({
      type: 'approval',
      actorId: 'U0APPROVER',
      decision: 'approve',
      outcome: 'approved',
    });
    await trail.record(approval);

    const flood = 3000;
    for (let i = 0; i < flood; i++) await trail.record(denial('U0NOBODY', i));

    // The approval is still there, behind the flooder's share of 20 entries.
    const main = await trail.readRecent(1000);
    expect(main).toContainEqual(approval);
    expect(main.filter((e) => e.actorId === 'U0NOBODY')).toHaveLength(20);
    // The rest went to the capped overflow stream, newest kept.
    const config = await redis.config('GET', 'stream-node-max-entries');
    const nodeSize = Number(config[1] ?? 100);
    const overflow = await redis.xlen(trail.overflowKey);
    expect(overflow).toBeGreaterThanOrEqual(maxLen);
    expect(overflow).toBeLessThanOrEqual(maxLen + nodeSize);
    const newest = await redis.xrevrange(trail.overflowKey, '+', '-', 'COUNT', 1);
    expect(JSON.parse(newest[0]![1][1]!)).toMatchObject({ outcome: `d${flood - 1}` });

    // The log kept every one, and said once that this person went over their share.
    const logged = lines().filter((line) => line.audit === true && line.decision === 'deny');
    expect(logged).toHaveLength(flood);
    expect(new Set(logged.map((line) => line.outcome)).size).toBe(flood);
    expect(lines().filter((line) => line.level === 40 && line.actorId === 'U0NOBODY')).toHaveLength(1);

    // Another person's denial, and authorised work, still reach the main stream.
    const other = denial('U0VIEWER', 0);
    await trail.record(other);
    const submit = event({ type: 'mde-submit', actorId: 'U0NOBODY', actionId: 'act-9' });
    await trail.record(submit);
    expect((await trail.readRecent(2)).reverse()).toEqual([other, submit]);
  });

  it('counts only entries that need no role: authorised work is never moved out of the main stream', async () => {
    const { logger } = capture('silent');
    const prefix = uniquePrefix();
    const trail = createAuditTrail({ redis, prefix, logger, personShare: { entries: 2, windowMs: 60_000 } });
    for (let i = 0; i < 10; i++)
      await trail.record(event({ type: 'authz', decision: 'needs-approval', outcome: `r${i}` }));
    for (let i = 0; i < 10; i++)
      await trail.record(event({ type: 'approval', decision: 'approve', outcome: 'approved' }));
    expect(await redis.xlen(trail.streamKey)).toBe(20);
    expect(await redis.exists(trail.overflowKey)).toBe(0);
    for (let i = 0; i < 5; i++)
      await trail.record(event({ type: 'authz', verb: 'whoami', decision: 'allow', roleFree: true }));
    expect(await redis.xlen(trail.streamKey)).toBe(22);
    expect(await redis.xlen(trail.overflowKey)).toBe(3);
  });

  it('knows which entries someone without a role can cause', () => {
    expect(needsNoRole(event({ type: 'authz', verb: 'isolate', decision: 'deny' }))).toBe(true);
    expect(needsNoRole(event({ type: 'authz', verb: 'whoami', decision: 'allow', roleFree: true }))).toBe(
      true,
    );
    expect(needsNoRole(event({ type: 'authz', verb: 'help', decision: 'allow', roleFree: true }))).toBe(true);
    expect(
      needsNoRole(event({ type: 'approval', decision: 'approve', outcome: 'refused: not-approver' })),
    ).toBe(true);
    expect(needsNoRole(event({ type: 'signin', outcome: 'identity-mismatch' }))).toBe(true);
    expect(needsNoRole(event({ type: 'authz', verb: 'isolate', decision: 'needs-approval' }))).toBe(false);
    expect(needsNoRole(event({ type: 'authz', verb: 'machine', decision: 'allow' }))).toBe(false);
    expect(needsNoRole(event({ type: 'approval', decision: 'approve', outcome: 'approved' }))).toBe(false);
    expect(needsNoRole(event({ type: 'signin', outcome: 'signed-in' }))).toBe(false);
    expect(needsNoRole(event({ type: 'mde-submit' }))).toBe(false);
    expect(needsNoRole(event({ type: 'command', outcome: 'subscribed high' }))).toBe(false);
  });
});

describe('audit trail without Redis', () => {
  it('still writes the log line and surfaces the failure to the caller', async () => {
    // A client that fails at once instead of queueing: nothing listens on port 1.
    const down = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const { logger, lines } = capture();
    const trail = createAuditTrail({ redis: down, prefix: `test-${randomUUID()}`, logger });
    const recorded = event({ type: 'signin', outcome: 'linked' });

    const failure = await trail.record(recorded).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BotError);
    expect(failure).toMatchObject({ code: 'UNAVAILABLE' });
    expect(lines().filter((line) => line.audit === true)).toMatchObject([{ ...recorded, audit: true }]);
    await expect(trail.readRecent(5)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    down.disconnect();
  });
});
