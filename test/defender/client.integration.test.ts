// The Defender client against the simulator over HTTPS, with msal-node really acquiring tokens.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withCorrelation } from '../../src/core/correlation.js';
import { BotError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import {
  ENDPOINTS,
  machineActionPath,
  machineActionSchema,
  resolveMachine,
} from '../../src/defender/index.js';
import { DEFAULT_CLIENT_SECRET, type Simulator } from '../../src/sim/index.js';
import { createTestDefender } from '../helpers/defender.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let tokenNow = Date.now();

beforeAll(async () => {
  sim = await startTestSimulator({ tokenClock: { now: () => tokenNow } });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.reset();
  tokenNow = Date.now();
});

async function caught(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('app-context tokens', () => {
  it('serves many Defender calls, sequential and concurrent, with one token request', async () => {
    const { client } = createTestDefender(sim);
    await Promise.all(Array.from({ length: 10 }, () => client.listMachines(undefined, { top: 1 })));
    for (let i = 0; i < 10; i++) await client.listMachines(undefined, { top: 1 });
    const tokenRequests = sim.tokenRequests().filter((r) => r.grantType === 'client_credentials');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.success).toBe(true);
    expect(sim.calls().filter((c) => c.path === '/api/machines')).toHaveLength(20);
    expect(sim.calls().every((c) => c.tokenKind === 'app')).toBe(true);
  });

  it('refreshes the token once when MDE answers 401, then succeeds', async () => {
    const { client } = createTestDefender(sim);
    await client.listMachines(undefined, { top: 1 });
    // Entra's clock moves past the token's expiry while MSAL's cache still trusts it.
    tokenNow += 2 * 3_600_000;
    const machines = await client.listMachines(undefined, { top: 1 });
    expect(machines).toHaveLength(1);
    expect(sim.tokenRequests().filter((r) => r.grantType === 'client_credentials')).toHaveLength(2);
    expect(sim.calls().map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it('reports a wrong client secret as a clear UNAUTHORIZED error without calling MDE', async () => {
    const { client } = createTestDefender(sim, {
      azure: { credential: { kind: 'secret', clientSecret: 'not-the-secret' } },
    });
    const error = await caught(client.listMachines(undefined));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.userMessage).toMatch(/AZURE_CLIENT_ID/);
    expect(sim.calls()).toHaveLength(0);
  });
});

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./;

describe('call logging', () => {
  it('logs each MDE call at debug with method, path, status and duration, never the query or the token', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const { client, tokens } = createTestDefender(sim, {
      logger: createLogger({ level: 'debug', destination: out }),
    });
    const machine = sim.mde.listMachines()[0]!;
    await withCorrelation('call-log-test', async () => {
      await client.listMachines(`computerDnsName eq '${machine.computerDnsName}'`, { top: 1 });
      tokenNow += 2 * 3_600_000; // the cached token is now refused once (401), then refreshed
      await client.getMachine(machine.id);
    });
    const token = await tokens.getToken();
    const text = chunks.join('');
    const calls = text
      .split('\n')
      .filter((line) => line.includes('"mde call"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(calls.map((c) => [c.method, c.path, c.status, c.retriedWithFreshToken])).toEqual([
      ['GET', '/api/machines', 200, undefined],
      ['GET', `/api/machines/${machine.id}`, 401, undefined],
      ['GET', `/api/machines/${machine.id}`, 200, true],
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({ level: 20, tokenContext: 'app', correlationId: 'call-log-test' });
      expect(typeof call.endpoint).toBe('string');
      expect(typeof call.durationMs).toBe('number');
    }
    expect(token).toMatch(JWT);
    expect(text).not.toMatch(JWT);
    for (const secret of [token, DEFAULT_CLIENT_SECRET, machine.computerDnsName, '$filter', 'Bearer'])
      expect(text).not.toContain(secret);
  });
});

describe('errors from MDE', () => {
  it('reports the Retry-After time of a 429', async () => {
    const { client } = createTestDefender(sim);
    sim.injectFault({ match: 'GET /api/machines', kind: '429', retryAfterSeconds: 7 });
    const error = await caught(client.listMachines(undefined));
    expect(error.code).toBe('THROTTLED');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('maps 500 to a retryable TRANSIENT error and unknown machines to NOT_FOUND', async () => {
    const { client } = createTestDefender(sim);
    sim.injectFault({ match: 'GET /api/machines/*', kind: '500' });
    const transient = await caught(client.getMachine('0'.repeat(40)));
    expect(transient.code).toBe('TRANSIENT');
    expect(transient.retryable).toBe(true);
    const missing = await caught(client.getMachine('f'.repeat(40)));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('names the missing application permission on 403', async () => {
    const app = [...sim.apps.values()][0]!;
    sim.addApp({ ...app, clientId: randomUUID(), displayName: 'read-only', appRoles: ['Machine.Read.All'] });
    const readOnly = [...sim.apps.values()].find((a) => a.displayName === 'read-only')!;
    const { client } = createTestDefender(sim, { azure: { clientId: readOnly.clientId } });
    const machine = sim.mde.listMachines()[0]!;
    const error = await caught(client.isolate(machine.id, 'test', 'Full'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.userMessage).toContain('Machine.Isolate');
  });
});

describe('machine actions', () => {
  const cases = [
    {
      name: 'isolate',
      run: (c: Client, id: string) => c.isolate(id, 'why', 'Selective'),
      path: 'isolate',
      body: { Comment: 'why', IsolationType: 'Selective' },
      type: 'Isolate',
    },
    {
      name: 'unisolate',
      run: (c: Client, id: string) => c.unisolate(id, 'why'),
      path: 'unisolate',
      body: { Comment: 'why' },
      type: 'Unisolate',
    },
    {
      name: 'scan',
      run: (c: Client, id: string) => c.runAntiVirusScan(id, 'why', 'Full'),
      path: 'runAntiVirusScan',
      body: { Comment: 'why', ScanType: 'Full' },
      type: 'RunAntiVirusScan',
    },
    {
      name: 'collect',
      run: (c: Client, id: string) => c.collectInvestigationPackage(id, 'why'),
      path: 'collectInvestigationPackage',
      body: { Comment: 'why' },
      type: 'CollectInvestigationPackage',
    },
    {
      name: 'restrict',
      run: (c: Client, id: string) => c.restrictCodeExecution(id, 'why'),
      path: 'restrictCodeExecution',
      body: { Comment: 'why' },
      type: 'RestrictCodeExecution',
    },
    {
      name: 'unrestrict',
      run: (c: Client, id: string) => c.unrestrictCodeExecution(id, 'why'),
      path: 'unrestrictCodeExecution',
      body: { Comment: 'why' },
      type: 'UnrestrictCodeExecution',
    },
  ] as const;
  type Client = ReturnType<typeof createTestDefender>['client'];

  for (const testCase of cases) {
    it(`${testCase.name}: sends exactly MDE's documented body and returns the action`, async () => {
      const { client } = createTestDefender(sim);
      const machine = sim.mde.listMachines()[0]!;
      const action = await testCase.run(client, machine.id);
      expect(action.type).toBe(testCase.type);
      expect(action.status).toBe('Pending');
      expect(action.machineId).toBe(machine.id);
      const call = sim.calls().find((c) => c.method === 'POST')!;
      expect(call.path).toBe(`/api/machines/${machine.id}/${testCase.path}`);
      expect(call.body).toEqual(testCase.body);
      expect(call.status).toBe(201);
      const read = await client.getMachineAction(action.id);
      expect(read.id).toBe(action.id);
    });
  }

  it('reports a duplicate pending action as ACTIVE_REQUEST_EXISTS and finds the pending one', async () => {
    const { client } = createTestDefender(sim);
    const machine = sim.mde.listMachines()[1]!;
    const first = await client.isolate(machine.id, 'first', 'Full');
    const error = await caught(client.isolate(machine.id, 'second', 'Full'));
    expect(error.code).toBe('ACTIVE_REQUEST_EXISTS');
    const pending = await client.listMachineActions({ machineId: machine.id, type: 'Isolate' });
    expect(pending.map((a) => a.id)).toContain(first.id);
    expect(sim.mde.listActions().filter((a) => a.machineId === machine.id)).toHaveLength(1);
  });

  it('refuses an action without a reason before calling MDE', async () => {
    const { client } = createTestDefender(sim);
    const error = await caught(client.isolate(sim.mde.listMachines()[0]!.id, '  ', 'Full'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(sim.calls()).toHaveLength(0);
  });

  it('makes a call a verb module declares, with its endpoint, and refuses an action id that is path syntax', async () => {
    const { client } = createTestDefender(sim);
    const machine = sim.mde.listMachines()[1]!;
    const submitted = await client.runAntiVirusScan(machine.id, 'declared call', 'Quick');
    const read = await client.call({
      endpoint: ENDPOINTS.getMachineAction,
      method: 'GET',
      path: machineActionPath(submitted.id),
      schema: machineActionSchema,
    });
    expect(read).toMatchObject({ id: submitted.id, type: 'RunAntiVirusScan', machineId: machine.id });
    expect(sim.calls().at(-1)).toMatchObject({ method: 'GET', path: `/api/machineactions/${submitted.id}` });
    const calls = sim.calls().length;
    for (const bad of ['../machines', `${submitted.id}/../x`, `${submitted.id}?$top=1`, '']) {
      expect(() => machineActionPath(bad)).toThrow(BotError);
    }
    expect(sim.calls()).toHaveLength(calls);
  });
});

describe('machine resolution and OData escaping', () => {
  it('resolves a short host name, a full DNS name, an id and an IP', async () => {
    const { client } = createTestDefender(sim);
    const target = sim.mde.listMachines().find((m) => m.computerDnsName.startsWith('fin-'))!;
    const short = target.computerDnsName.split('.')[0]!;
    const byShort = await resolveMachine(client, short.toUpperCase());
    expect(byShort).toMatchObject({ kind: 'one', machine: { id: target.id } });
    expect(await resolveMachine(client, target.computerDnsName)).toMatchObject({
      kind: 'one',
      machine: { id: target.id },
    });
    expect(await resolveMachine(client, target.id)).toMatchObject({
      kind: 'one',
      machine: { id: target.id },
    });
    const byIp = await resolveMachine(client, target.lastIpAddress);
    const sameIp = sim.mde.listMachines().filter((m) => m.lastIpAddress === target.lastIpAddress);
    if (sameIp.length === 1) expect(byIp).toMatchObject({ kind: 'one', machine: { id: target.id } });
    else expect(byIp).toMatchObject({ kind: 'many' });
    expect(await resolveMachine(client, 'f'.repeat(40))).toEqual({ kind: 'none', query: 'f'.repeat(40) });
  });

  it('returns a pick list when a short name matches several machines, never a guess', async () => {
    const { client } = createTestDefender(sim);
    const names = sim.mde.listMachines().map((m) => m.computerDnsName);
    const labels = names.map((n) => n.split('.')[0]!);
    const ambiguous = labels.find((l, i) => labels.indexOf(l) !== i)!;
    expect(ambiguous).toBeDefined();
    const result = await resolveMachine(client, ambiguous);
    expect(result.kind).toBe('many');
    if (result.kind === 'many') expect(result.candidates.length).toBeGreaterThan(1);
  });

  it('sends a name with a quote as one escaped literal and finds exactly that machine', async () => {
    const { client } = createTestDefender(sim);
    const quoted = sim.mde.listMachines().find((m) => m.computerDnsName.includes("'"))!;
    const result = await resolveMachine(client, quoted.computerDnsName);
    expect(result).toMatchObject({ kind: 'one', machine: { id: quoted.id } });
    const filter = sim.calls().at(-1)!.query.$filter!;
    expect(filter).toBe(`computerDnsName eq '${quoted.computerDnsName.replace(/'/g, "''")}'`);
  });

  it('keeps injection attempts inside one literal: they match nothing', async () => {
    const { client } = createTestDefender(sim);
    for (const hostile of ["x'or'1'eq'1", "web-07'or'computerDnsName'ne'", "'or'1'eq'1'or'"]) {
      const result = await resolveMachine(client, hostile);
      expect(result.kind).toBe('none');
    }
    for (const call of sim.calls()) {
      expect(call.status).toBe(200);
      const literals = call.query.$filter!.match(/'(?:[^']|'')*'/g)!;
      // Every quote the user typed is doubled inside a literal; nothing outside the literals came from them.
      const outside = call.query.$filter!.replace(/'(?:[^']|'')*'/g, 'L');
      expect(outside).toMatch(/^(\(?computerDnsName eq L\)?( or \(startswith\(computerDnsName,L\)\))?)$/);
      expect(literals.length).toBeGreaterThan(0);
    }
  });

  it('refuses text that cannot be a machine before calling MDE', async () => {
    const { client } = createTestDefender(sim);
    for (const text of ["x' or 1 eq 1", "')) or ((1 eq 1", 'a/b', 'a\nb']) {
      const error = await caught(resolveMachine(client, text));
      expect(error.code).toBe('INVALID_INPUT');
    }
    expect(sim.calls()).toHaveLength(0);
  });
});

describe('alerts', () => {
  it('follows @odata.nextLink across pages and filters by creation time and severity', async () => {
    const { client } = createTestDefender(sim);
    sim.mde.setPageSize(3);
    const since = new Date(Date.now() - 7 * 24 * 3_600_000);
    const all = await client.listAlerts({ createdAfter: since });
    const expected = sim.mde.listAlerts().filter((a) => Date.parse(a.alertCreationTime) > since.getTime());
    expect(all.map((a) => a.id).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(sim.calls().length).toBe(
      Math.ceil(expected.length / 3) + (expected.length % 3 === 0 ? 1 : 0) || 1,
    );
    const high = await client.listAlerts({ createdAfter: since, severities: ['High'] });
    expect(high.every((a) => a.severity === 'High')).toBe(true);
  });
});

describe('shared rate budget', () => {
  it('keeps three concurrent clients at exactly the simulator’s limit with zero 429s', async () => {
    const limited = await startTestSimulator({
      // MDE's shape scaled down in time (100/min -> 20/2 s); the budget is the limit itself, no margin.
      rateLimits: { standard: [{ limit: 20, windowMs: 2000 }] },
    });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `test-${randomUUID()}`;
    try {
      const budgets = {
        standard: { windows: [{ limit: 20, windowMs: 2000 }] },
        packageUri: { windows: [{ limit: 2, windowMs: 1000 }] },
        hunting: { windows: [{ limit: 5, windowMs: 1000 }] },
      };
      const clients = [1, 2, 3].map(
        () =>
          createTestDefender(limited, { redis: redis.duplicate(), prefix, budgets, maxBudgetWaitMs: 60_000 })
            .client,
      );
      await Promise.all(
        clients.flatMap((client) =>
          Array.from({ length: 15 }, () => client.listMachines(undefined, { top: 1 })),
        ),
      );
      const calls = limited.calls().filter((c) => c.path === '/api/machines');
      expect(calls).toHaveLength(45);
      expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
      // The full limit is used: the first window admits all 20 at once.
      const arrivals = calls.map((c) => Date.parse(c.at)).sort((a, b) => a - b);
      expect(arrivals[19]! - arrivals[0]!).toBeLessThan(2000);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await limited.close();
    }
  });

  it('logs each call at its answer, not at its latest possible arrival, once MDE has answered', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `test-${randomUUID()}`;
    try {
      const { client } = createTestDefender(sim, { redis, prefix, maxBudgetWaitMs: 0 });
      const before = Date.now();
      await client.listMachines(undefined, { top: 1 });
      const keys = await redis.keys(`${prefix}:ratelimit:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const [, score] = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        // Logged at grant + 30 s while in flight; moved to the answer time once answered.
        expect(Number(score)).toBeGreaterThanOrEqual(before - 5);
        expect(Number(score)).toBeLessThanOrEqual(Date.now() + 5);
      }
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
