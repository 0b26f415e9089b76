// TEAMS_ALLOW_UNAUTHENTICATED stays a local tool: a request that came through a proxy or tunnel
// (X-Forwarded-*, Forwarded), names a Host that is not loopback, or carries a serviceUrl off this
// machine is a 401 that reaches neither the core nor the connector; start-up says loudly what is on.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostnameOf, isLoopbackServiceUrl, nonLocalReason } from '../../src/chat/teams/local-only.js';
import { GROUP_CHAT_ID, messageActivity, type TeamsActivity } from '../helpers/teams-activity.js';
import { APP_ID, card, startHarness, type Harness } from './harness.js';

let harness: Harness;

/** POSTs with exactly these headers (fetch would not let a test set Host). */
function post(url: string, activity: TeamsActivity, headers: Record<string, string> = {}): Promise<number> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function help(serviceUrl: string): TeamsActivity {
  return messageActivity('help', { serviceUrl, scope: 'groupChat' });
}

async function expectNothingReached(): Promise<void> {
  expect(harness.seen).toEqual([]);
  expect(harness.fake.calls()).toEqual([]);
  expect(await harness.adapter.conversations.get(GROUP_CHAT_ID)).toBeUndefined();
}

describe('unauthenticated mode', () => {
  beforeEach(async () => {
    harness = await startHarness();
    harness.answerWith(() =>
      Promise.resolve({ visibility: 'channel', message: { card: card('Help'), text: 'Help' } }),
    );
  });
  afterEach(() => harness.close());

  it('serves a plain local request, and said loudly at start that it accepts unauthenticated traffic', async () => {
    expect(await post(harness.messagesUrl, help(harness.fake.serviceUrl))).toBe(200);
    expect(harness.seen).toHaveLength(1);
    await harness.fake.waitFor((c) => c.route === 'reply');
    expect(harness.log.text()).toMatch(/"level":40[^\n]*accepts UNAUTHENTICATED Bot Framework traffic/);
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'bot.example.com' }],
    ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
    ['a public Host', { host: 'bot.example.com' }],
    ['a LAN address as Host', { host: '192.168.1.20:3978' }],
    ['a Host with credentials in it', { host: 'evil.example.com@127.0.0.1' }],
  ])('refuses a request with %s with 401', async (_name, headers) => {
    expect(await post(harness.messagesUrl, help(harness.fake.serviceUrl), headers)).toBe(401);
    await expectNothingReached();
    expect(harness.log.text()).toContain('unauthenticated mode accepts only local requests');
  });

  it.each([
    ['a public serviceUrl', 'https://smba.trafficmanager.net/emea/'],
    ['a metadata-service serviceUrl', 'http://169.254.169.254/latest/'],
    ['a serviceUrl with a loopback-looking user part', 'http://127.0.0.1@evil.example.com/'],
    ['a non-http serviceUrl', 'file:///etc/passwd'],
  ])('refuses %s with 401 and calls nothing', async (_name, serviceUrl) => {
    expect(await post(harness.messagesUrl, help(serviceUrl))).toBe(401);
    await expectNothingReached();
  });
});

describe('with authentication on', () => {
  beforeEach(async () => {
    harness = await startHarness({ authenticated: true });
  });
  afterEach(() => harness.close());

  it('does not apply the local-only rules: behind a production proxy the JWT decides', async () => {
    harness.answerWith(() => Promise.resolve({ visibility: 'none' }));
    const token = await harness.fake.signChannelToken({ aud: APP_ID, serviceUrl: harness.fake.serviceUrl });
    const status = await post(harness.messagesUrl, help(harness.fake.serviceUrl), {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': '203.0.113.7',
    });
    expect(status).toBe(200);
    expect(harness.seen).toHaveLength(1);
    expect(harness.log.text()).not.toContain('UNAUTHENTICATED');
  });
});

describe('the local-only rules', () => {
  const local = { socket: { remoteAddress: '127.0.0.1' }, headers: { host: '127.0.0.1:3978' } };

  it('want a loopback peer', () => {
    expect(nonLocalReason(local as never)).toBeUndefined();
    expect(
      nonLocalReason({ ...local, socket: { remoteAddress: '::ffff:127.0.0.1' } } as never),
    ).toBeUndefined();
    expect(nonLocalReason({ ...local, socket: { remoteAddress: '10.0.0.5' } } as never)).toBe('peer');
    expect(nonLocalReason({ ...local, socket: { remoteAddress: undefined } } as never)).toBe('peer');
  });

  it('read the hostname of a Host header strictly', () => {
    expect(hostnameOf('localhost:3978')).toBe('localhost');
    expect(hostnameOf('[::1]:3978')).toBe('[::1]');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
    expect(hostnameOf('a@127.0.0.1')).toBeUndefined();
    expect(hostnameOf(undefined)).toBeUndefined();
    expect(nonLocalReason({ ...local, headers: {} } as never)).toBe('host');
  });

  it('take only http(s) serviceUrls on loopback', () => {
    expect(isLoopbackServiceUrl('http://127.0.0.1:1234/')).toBe(true);
    expect(isLoopbackServiceUrl('https://localhost/x/')).toBe(true);
    expect(isLoopbackServiceUrl('http://[::1]:80/')).toBe(true);
    expect(isLoopbackServiceUrl('http://127.0.0.1.nip.io/')).toBe(false);
    expect(isLoopbackServiceUrl('http://user:pw@127.0.0.1/')).toBe(false);
    expect(isLoopbackServiceUrl('not a url')).toBe(false);
  });
});
