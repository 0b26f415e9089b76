// The Graph hunting client against the simulator over HTTPS: the request Graph documents, both casings
// of the schema read, the shared rate budget holding calls to Graph's limit, and Graph's failures in
// plain words (its throttling, the CPU quota with the time to retry, a missing permission, bad KQL).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotError } from '../../src/core/errors.js';
import type { AccessTokenSource } from '../../src/core/tokens.js';
import { createGraphHuntingClient, huntingResultSchema } from '../../src/defender/index.js';
import { GRAPH_RESOURCE } from '../../src/sim/entra/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
let redis: Redis;
beforeAll(async () => {
  sim = await startTestSimulator();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  redis.disconnect();
  await sim.close();
});
beforeEach(() => sim.graph.clear());

const tokens = (context: 'app' | 'user', roles?: string[]): AccessTokenSource => ({
  context,
  getToken: () =>
    context === 'app'
      ? sim.issueToken({ kind: 'app', audience: GRAPH_RESOURCE, ...(roles ? { roles } : {}) })
      : sim.issueToken({
          kind: 'user',
          audience: GRAPH_RESOURCE,
          scopes: roles ?? ['ThreatHunting.Read.All'],
        }),
});

const client = (source: AccessTokenSource, budget?: number) =>
  createGraphHuntingClient(
    {
      baseUrl: sim.graphApiUrl,
      redis,
      prefix: `test-${randomUUID()}`,
      ...(budget ? { budget: { windows: [{ limit: budget, windowMs: 60_000 }] } } : {}),
    },
    source,
  );

async function failure(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('GraphHuntingClient', () => {
  it('posts {Query} to /v1.0/security/runHuntingQuery and reads schema and rows', async () => {
    const result = await client(tokens('app')).run('DeviceInfo | project DeviceName, OSBuild | take 2');
    expect(result.schema).toEqual([
      { name: 'DeviceName', type: 'String' },
      { name: 'OSBuild', type: 'Int64' },
    ]);
    expect(result.results).toHaveLength(2);
    expect(sim.graph.calls()[0]?.query).toBe('DeviceInfo | project DeviceName, OSBuild | take 2');
  });

  it('reads the PascalCase schema items Graph also documents, and dynamic cells as JSON text', () => {
    const parsed = huntingResultSchema.parse({
      schema: [{ Name: 'AdditionalFields', Type: 'Dynamic' }],
      results: [{ AdditionalFields: { a: 1 } }],
    });
    expect(parsed.schema).toEqual([{ name: 'AdditionalFields', type: 'Dynamic' }]);
    expect(parsed.results).toEqual([{ AdditionalFields: '{"a":1}' }]);
  });

  it('paces calls through the shared rate budget: over it, the call is refused before reaching Graph', async () => {
    const paced = client(tokens('app'), 2);
    await paced.run('DeviceInfo | take 1');
    await paced.run('DeviceInfo | take 1');
    const error = await failure(paced.run('DeviceInfo | take 1'));
    expect(error.code).toBe('THROTTLED');
    expect(error.details).toMatchObject({ local: true });
    expect(sim.graph.calls()).toHaveLength(2);
  });

  it('words the CPU quota with the time to retry', async () => {
    sim.graph.exhaustCpuUntil(Date.now() + 14 * 60_000);
    const error = await failure(client(tokens('app')).run('DeviceInfo'));
    expect(error.code).toBe('THROTTLED');
    expect(error.userMessage).toMatch(/CPU quota.*15-minute cycle, in about 14 min/);
    expect(error.retryAfterMs).toBeGreaterThan(13 * 60_000);
  });

  it('names ThreatHunting.Read.All when it is missing, for the app and for a user', async () => {
    const app = await failure(client(tokens('app', ['Machine.Read.All'])).run('DeviceInfo'));
    expect(app.code).toBe('FORBIDDEN');
    expect(app.userMessage).toContain('application permission ThreatHunting.Read.All');
    const user = await failure(client(tokens('user', ['Machine.Read'])).run('DeviceInfo'));
    expect(user.userMessage).toContain('ThreatHunting.Read.All (delegated)');
  });

  it('passes Graph’s reason for bad KQL on', async () => {
    const error = await failure(client(tokens('app')).run('DeviceInfo | summarize count() by OSPlatform'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.userMessage).toMatch(/^Microsoft Graph did not run the query: .*summarize/);
  });
});

describe('GraphHuntingClient timeouts', () => {
  it('a query that outlasts the timeout is a plain answer to narrow it, not a retry', async () => {
    sim.injectFault({ match: 'POST /v1.0/security/runHuntingQuery', kind: 'hang' });
    try {
      const slow = createGraphHuntingClient({ baseUrl: sim.graphApiUrl, timeoutMs: 300 }, tokens('app'));
      const error = await failure(slow.run('DeviceInfo'));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.retryable).toBe(false);
      expect(error.userMessage).toContain('3-minute limit');
    } finally {
      sim.clearFaults();
    }
  });
});
