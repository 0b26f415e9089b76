// The simulator's live response (mde-api-response.md section 5): runliveresponse's strict body, one
// session per device, 10 calls a minute and 25 concurrent sessions (429 + Retry-After), permissions per
// token type, the action's commands following its status, the result link and its JSON, the library.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appToken, startHarness, userToken, USERS, type Harness } from './mde-harness.js';

let h: Harness;
const LR = appToken(['Machine.LiveResponse', 'Machine.Read.All', 'Library.Manage']);

beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const machineIds = () => h.api.control.listMachines().map((m) => m.id);
const runScript = (params: { key: string; value: string }[]) => ({
  Comment: 'from chat',
  Commands: [{ type: 'RunScript', params }],
});
const run = (
  machineId: string,
  body: unknown = runScript([{ key: 'ScriptName', value: 'collect-logs.ps1' }]),
  token = LR,
) => h.json('POST', `/api/machines/${machineId}/runliveresponse`, { body, token });

describe('POST /api/machines/{id}/runliveresponse', () => {
  it('creates a LiveResponse action whose command moves Created -> Completed, and serves its result', async () => {
    const [id] = machineIds();
    const created = await run(
      id!,
      runScript([
        { key: 'ScriptName', value: 'collect-logs.ps1' },
        { key: 'Args', value: '-Hours 4' },
      ]),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'LiveResponse', status: 'Pending' });
    const commands = created.body.commands as Record<string, unknown>[];
    expect(commands[0]).toMatchObject({ index: 0, commandStatus: 'Created', command: { type: 'RunScript' } });

    const early = await h.json(
      'GET',
      `/api/machineactions/${created.body.id as string}/GetLiveResponseResultDownloadLink(index=0)`,
      { token: LR },
    );
    expect(early.status).toBe(404);

    h.clock.advance(31_000);
    const done = await h.json('GET', `/api/machineactions/${created.body.id as string}`, { token: LR });
    expect(done.body.status).toBe('Succeeded');
    expect((done.body.commands as Record<string, unknown>[])[0]).toMatchObject({
      commandStatus: 'Completed',
    });

    const link = await h.json(
      'GET',
      `/api/machineactions/${created.body.id as string}/GetLiveResponseResultDownloadLink(index=0)`,
      { token: LR },
    );
    expect(link.status).toBe(200);
    const url = link.body.value as string;
    const result = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect(result).toMatchObject({ script_name: 'collect-logs.ps1', exit_code: 0, script_errors: '' });
    expect(result.script_output).toContain('collect-logs.ps1 -Hours 4');
    expect((await fetch(url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(404);
  });

  it.each([
    [
      'lower-case keys',
      {
        comment: 'x',
        commands: [{ type: 'RunScript', params: [{ key: 'ScriptName', value: 'collect-logs.ps1' }] }],
      },
      'MissingRequiredParameter',
    ],
    ['a lower-case param key', runScript([{ key: 'scriptName', value: 'collect-logs.ps1' }]), 'InvalidInput'],
    ['no ScriptName', runScript([{ key: 'Args', value: '1' }]), 'MissingRequiredParameter'],
    ['a script not in the library', runScript([{ key: 'ScriptName', value: 'evil.ps1' }]), 'InvalidInput'],
    ['no commands', { Comment: 'x', Commands: [] }, 'InvalidInput'],
  ])('refuses %s with 400', async (_name, body, code) => {
    const [id] = machineIds();
    const answer = await run(id!, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code } });
    expect(h.api.control.listActions()).toHaveLength(0);
  });

  it('allows one session per device (400 ActiveRequestAlreadyExists)', async () => {
    const [id] = machineIds();
    expect((await run(id!)).status).toBe(201);
    const second = await run(id!);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: { code: 'ActiveRequestAlreadyExists' } });
  });

  it('answers 429 with Retry-After beyond 10 calls a minute', async () => {
    const ids = machineIds();
    for (let i = 0; i < 10; i++) expect((await run(ids[i]!)).status).toBe(201);
    const eleventh = await run(ids[10]!);
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(60_001);
    expect((await run(ids[10]!)).status).toBe(201);
  });

  it('answers 429 beyond 25 concurrently running sessions', async () => {
    await h.close();
    const roomy = [{ limit: 1000, windowMs: 60_000 }];
    h = await startHarness({
      rateLimits: { standard: roomy, packageUri: roomy, hunting: roomy, liveResponse: roomy },
    });
    const ids = machineIds();
    for (let i = 0; i < 25; i++) expect((await run(ids[i]!)).status).toBe(201);
    const beyond = await run(ids[25]!);
    expect(beyond.status).toBe(429);
    expect(beyond.headers.get('retry-after')).toBeTruthy();
  });

  it('checks permissions per token type', async () => {
    const [id] = machineIds();
    const noRole = await run(id!, undefined, appToken(['Machine.Isolate']));
    expect(noRole.status).toBe(403);
    expect(JSON.stringify(noRole.body)).toContain('Machine.LiveResponse');
    const noScope = await run(id!, undefined, userToken(USERS.lead, 'Machine.Isolate'));
    expect(noScope.status).toBe(403);
    const noUserRole = await run(id!, undefined, userToken(USERS.lead, 'Machine.LiveResponse'));
    expect(noUserRole.status).toBe(403);
    expect(JSON.stringify(noUserRole.body)).toContain('LiveResponseBasic');
  });
});

describe('GET /api/libraryfiles', () => {
  it('lists the library with Library.Manage, refuses without it', async () => {
    const list = await h.json('GET', '/api/libraryfiles', { token: LR });
    expect(list.status).toBe(200);
    const names = (list.body.value as { fileName: string }[]).map((f) => f.fileName);
    expect(names).toContain('collect-logs.ps1');
    expect((await h.json('GET', '/api/libraryfiles', { token: appToken(['Machine.Read.All']) })).status).toBe(
      403,
    );
  });
});
