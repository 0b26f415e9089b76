// The simulator's indicators (mde-api-response.md section 2): POST creates or updates by value and
// type (200 either way) and refuses what MDE refuses; GET filters and pages, and `Ti.ReadWrite`
// without `.All` sees only its own app's; DELETE answers 204 or 404; permissions per token type.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appToken, OTHER_APP_ID, startHarness, userToken, USERS, type Harness } from './mde-harness.js';

let h: Harness;
const ALL = appToken(['Ti.ReadWrite.All']);
const OWN_ONLY = appToken(['Ti.ReadWrite']);
const OTHER_OWN_ONLY = appToken(['Ti.ReadWrite'], OTHER_APP_ID);

beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const SHA256 = 'c'.repeat(64);
const submission = (extra: Record<string, unknown> = {}) => ({
  indicatorValue: 'evil.example',
  indicatorType: 'DomainName',
  action: 'Block',
  title: 'Blocked from chat',
  description: 'requested by Rae, approved by Abe',
  severity: 'High',
  expirationTime: '2026-04-01T09:00:00Z',
  generateAlert: true,
  ...extra,
});
const post = (body: unknown, token = ALL) => h.json('POST', '/api/indicators', { body, token });
const list = (query = '', token = ALL) => h.json('GET', `/api/indicators${query}`, { token });

describe('POST /api/indicators', () => {
  it('creates an indicator (200 with it), then updates the same value and type in place', async () => {
    const created = await post(submission());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      indicatorValue: 'evil.example',
      indicatorType: 'DomainName',
      action: 'Block',
      severity: 'High',
      generateAlert: true,
      sourceType: 'AadApp',
      expirationTime: '2026-04-01T09:00:00Z',
    });
    expect(created.body.id).toMatch(/^\d+$/);
    expect(created.body).not.toHaveProperty('creatorAppId');

    const again = await post(submission({ title: 'Still bad', severity: 'Low' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, title: 'Still bad', severity: 'Low' });
    expect(h.api.control.listIndicators()).toHaveLength(1);

    const otherType = await post(
      submission({ indicatorValue: SHA256, indicatorType: 'FileSha256', action: 'BlockAndRemediate' }),
    );
    expect(otherType.body.id).not.toBe(created.body.id);
    expect(h.api.control.listIndicators()).toHaveLength(2);
  });

  it.each([
    [{ indicatorType: 'FileSha1', indicatorValue: 'abc' }, 'InvalidHashValue'],
    [{ indicatorType: 'FileSha256', indicatorValue: 'z'.repeat(64) }, 'InvalidHashValue'],
    [{ indicatorType: 'FileMd5', indicatorValue: 'a'.repeat(40) }, 'InvalidHashValue'],
    [{ indicatorType: 'IpAddress', indicatorValue: '10.0.0.0/8' }, 'InvalidIpAddress'],
    [{ indicatorType: 'IpAddress', indicatorValue: '2001:db8::1' }, 'InvalidIpAddress'],
    [{ indicatorType: 'IpAddress', indicatorValue: '300.1.1.1' }, 'InvalidIpAddress'],
    [{ indicatorType: 'DomainName', indicatorValue: 'no_dots' }, 'InvalidDomainName'],
    [{ indicatorType: 'Url', indicatorValue: 'not a url' }, 'InvalidUrl'],
    [
      { indicatorType: 'Url', indicatorValue: 'https://evil.example/x', action: 'BlockAndRemediate' },
      'InvalidRequestBody',
    ],
    [
      { indicatorType: 'IpAddress', indicatorValue: '203.0.113.9', action: 'BlockAndRemediate' },
      'InvalidRequestBody',
    ],
    [{ action: 'Audit', generateAlert: false }, 'InvalidRequestBody'],
    [{ action: 'AlertAndBlock' }, 'InvalidRequestBody'],
    [{ title: undefined }, 'InvalidRequestBody'],
  ])('refuses %j with 400 %s', async (extra, code) => {
    const answer = await post(submission(extra));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code } });
    expect(h.api.control.listIndicators()).toHaveLength(0);
  });

  it('accepts IPv6 with all 8 groups and a file hash with BlockAndRemediate', async () => {
    expect(
      (await post(submission({ indicatorType: 'IpAddress', indicatorValue: '2001:db8:0:0:0:0:0:1' }))).status,
    ).toBe(200);
    expect(
      (
        await post(
          submission({
            indicatorType: 'FileMd5',
            indicatorValue: 'd'.repeat(32),
            action: 'BlockAndRemediate',
          }),
        )
      ).status,
    ).toBe(200);
  });

  it('refuses a new indicator at 15,000 with "Max capacity exceeded"; an update still works', async () => {
    for (let i = 0; i < 15_000; i++)
      h.api.control.addIndicator({ indicatorValue: `host${i}.example`, indicatorType: 'DomainName' });
    const full = await post(submission());
    expect(full.status).toBe(400);
    expect(JSON.stringify(full.body)).toContain('Max capacity exceeded');
    expect((await post(submission({ indicatorValue: 'host7.example' }))).status).toBe(200);
  });

  it('forgets an indicator once it expires', async () => {
    await post(submission({ expirationTime: new Date(h.clock.now() + 60_000).toISOString() }));
    expect(h.api.control.listIndicators()).toHaveLength(1);
    h.clock.advance(61_000);
    expect((await list()).body.value).toEqual([]);
  });
});

describe('GET /api/indicators', () => {
  it('filters on indicatorValue (quotes doubled) and pages with $top/$skip', async () => {
    await post(submission());
    await post(submission({ indicatorValue: "https://evil.example/o'brien", indicatorType: 'Url' }));
    await post(submission({ indicatorValue: 'third.example' }));
    const one = await list(
      `?$filter=${encodeURIComponent("indicatorValue eq 'https://evil.example/o''brien'")}`,
    );
    expect(one.status).toBe(200);
    expect(one.body['@odata.context']).toMatch(/#Indicators$/);
    expect((one.body.value as { indicatorValue: string }[]).map((i) => i.indicatorValue)).toEqual([
      "https://evil.example/o'brien",
    ]);
    const page = await list('?$top=1&$skip=1');
    expect((page.body.value as unknown[]).length).toBe(1);
    expect((page.body.value as { indicatorValue: string }[])[0]!.indicatorValue).toBe(
      "https://evil.example/o'brien",
    );
    expect((await list(`?$filter=${encodeURIComponent("bogus eq 'x'")}`)).status).toBe(400);
  });

  it('Ti.ReadWrite sees only its own app’s indicators; Ti.ReadWrite.All and users see all', async () => {
    h.api.control.addIndicator({ indicatorValue: 'portal.example', indicatorType: 'DomainName' });
    await post(submission({ indicatorValue: 'mine.example' }), OWN_ONLY);
    const values = async (token: string) =>
      ((await list('', token)).body.value as { indicatorValue: string }[]).map((i) => i.indicatorValue);
    expect(await values(OWN_ONLY)).toEqual(['mine.example']);
    expect(await values(OTHER_OWN_ONLY)).toEqual([]);
    expect(await values(ALL)).toEqual(['portal.example', 'mine.example']);
    expect(await values(userToken(USERS.lead, 'Ti.ReadWrite'))).toEqual(['portal.example', 'mine.example']);
  });
});

describe('DELETE /api/indicators/{id}', () => {
  it('answers 204 and removes it; 404 for an unknown id or one the caller cannot see', async () => {
    const created = await post(submission());
    const id = String(created.body.id);
    expect((await h.call('DELETE', `/api/indicators/${id}`, { token: OTHER_OWN_ONLY })).status).toBe(404);
    const removed = await h.call('DELETE', `/api/indicators/${id}`, { token: ALL });
    expect(removed.status).toBe(204);
    expect(h.api.control.listIndicators()).toEqual([]);
    expect((await h.call('DELETE', `/api/indicators/${id}`, { token: ALL })).status).toBe(404);
  });
});

describe('permissions and limits', () => {
  it('checks app roles for app tokens and scopes plus the MDE role for user tokens', async () => {
    const noTi = await post(submission(), appToken(['Machine.Read.All']));
    expect(noTi.status).toBe(403);
    expect(JSON.stringify(noTi.body)).toContain('Ti.ReadWrite');
    expect((await list('', appToken(['Machine.Read.All']))).status).toBe(403);
    expect((await post(submission(), userToken(USERS.lead, 'Machine.Read'))).status).toBe(403);
    expect((await post(submission(), userToken(USERS.viewer, 'Ti.ReadWrite'))).status).toBe(403);
    const user = await post(submission(), userToken(USERS.lead, 'Ti.ReadWrite'));
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({ sourceType: 'User', createdBy: USERS.lead.upn });
  });

  it('rate-limits each indicator API on its own budget (429 with Retry-After)', async () => {
    await h.close();
    h = await startHarness({
      rateLimits: {
        standard: [{ limit: 2, windowMs: 60_000 }],
        packageUri: [{ limit: 2, windowMs: 60_000 }],
        hunting: [{ limit: 2, windowMs: 60_000 }],
      },
    });
    expect((await post(submission())).status).toBe(200);
    expect((await post(submission())).status).toBe(200);
    const third = await post(submission());
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect((await list()).status).toBe(200);
  });
});
