// The simulator's Microsoft Graph advanced hunting: Graph's response shape, the KQL subset over the
// tenant, Graph's error envelope, throttling (call budget and CPU quota) and ThreatHunting.Read.All.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_RESOURCE } from '../../src/sim/entra/index.js';
import type { Simulator } from '../../src/sim/index.js';
import { startTestSimulator } from '../helpers/sim.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator({
    rateLimits: { hunting: [{ limit: 3, windowMs: 60_000 }] },
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.graph.clear());

/** Either half is present, by status. */
interface GraphBody {
  '@odata.context': string;
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
  error: { code: string; message: string; innerError: Record<string, string> };
}

const appToken = (roles?: string[]) =>
  sim.issueToken({ kind: 'app', audience: GRAPH_RESOURCE, ...(roles ? { roles } : {}) });

async function hunt(query: string, token?: string) {
  const res = await fetch(`${sim.url}/v1.0/security/runHuntingQuery`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token ?? (await appToken())}`,
      'content-type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({ Query: query }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as GraphBody,
  };
}

describe('POST /v1.0/security/runHuntingQuery', () => {
  it('answers camelCase schema and results over the simulated tenant', async () => {
    const { status, body } = await hunt(
      'DeviceInfo | where OSPlatform == "Linux" and isnotempty(DeviceName) | project DeviceName, OSPlatform | take 2',
    );
    expect(status).toBe(200);
    expect(body['@odata.context']).toContain('huntingQueryResults');
    expect(body.schema).toEqual([
      { name: 'DeviceName', type: 'String' },
      { name: 'OSPlatform', type: 'String' },
    ]);
    expect(body.results).toHaveLength(2);
    expect(sim.graph.calls()[0]?.query).toContain('OSPlatform == "Linux"');
  });

  it('runs let, in over a let-bound table, ago(), order by and comments', async () => {
    const { status, body } = await hunt(
      [
        'let devices = DeviceLogonEvents // who logged on where',
        '  | where AccountName =~ "alex.analyst" | distinct DeviceId;',
        'AlertEvidence | where DeviceId in (devices) and Timestamp > ago(3650d)',
        '| order by Timestamp desc | project Timestamp, AlertId, DeviceName | take 5',
      ].join('\n'),
    );
    expect(status).toBe(200);
    expect(body.results.length).toBeGreaterThan(0);
  });

  it('keeps a hostile string literal a literal', async () => {
    const { status, body } = await hunt(
      'DeviceInfo | where DeviceName == "x\\" | take 100 | where DeviceName != \\"\\n// let y = 1;" | count',
    );
    expect(status).toBe(200);
    expect(body.results).toEqual([{ Count: 0 }]);
  });

  it.each(['DeviceInfo | summarize count() by OSPlatform', 'NoSuchTable', 'DeviceInfo | where Nope == 1'])(
    'refuses %j with 400 BadRequest in Graph’s envelope',
    async (query) => {
      const { status, body } = await hunt(query);
      expect(status).toBe(400);
      expect(body.error.code).toBe('BadRequest');
      expect(body.error.innerError['request-id']).toBeTruthy();
    },
  );

  it('requires ThreatHunting.Read.All: app role or delegated scope', async () => {
    const noRole = await hunt('DeviceInfo | take 1', await appToken(['Machine.Read.All']));
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.message).toContain('ThreatHunting.Read.All');
    const user = await sim.issueToken({
      kind: 'user',
      audience: GRAPH_RESOURCE,
      scopes: ['ThreatHunting.Read.All'],
    });
    expect((await hunt('DeviceInfo | take 1', user)).status).toBe(200);
    const mdeOnly = await sim.issueToken({
      kind: 'user',
      audience: GRAPH_RESOURCE,
      scopes: ['Machine.Read'],
    });
    expect((await hunt('DeviceInfo | take 1', mdeOnly)).status).toBe(403);
    const mdeAudience = await sim.issueToken({ kind: 'app' });
    expect((await hunt('DeviceInfo | take 1', mdeAudience)).status).toBe(403);
  });

  it('throttles: the call budget and the CPU quota, both 429 with Retry-After', async () => {
    sim.graph.exhaustCpuUntil(Date.now() + 12 * 60_000);
    const cpu = await hunt('DeviceInfo | take 1');
    expect(cpu.status).toBe(429);
    expect(cpu.body.error.message).toContain('CPU');
    expect(Number(cpu.retryAfter)).toBeGreaterThan(700);
    sim.graph.exhaustCpuUntil(0);
    sim.graph.clear();
    for (let i = 0; i < 3; i++) expect((await hunt('DeviceInfo | take 1')).status).toBe(200);
    const busy = await hunt('DeviceInfo | take 1');
    expect(busy.status).toBe(429);
    expect(Number(busy.retryAfter)).toBeGreaterThan(0);
  });

  it('issues Graph tokens by client credentials with only the Graph roles', async () => {
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: [...sim.apps.values()][0]!.clientId,
        client_secret: [...sim.apps.values()][0]!.secret!,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()) as {
      aud: string;
      roles: string[];
    };
    expect(claims.aud).toBe(GRAPH_RESOURCE);
    expect(claims.roles).toEqual(['ThreatHunting.Read.All']);
  });
});
