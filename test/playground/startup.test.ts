// `npm run demo` from the repository: one process tree that prints one playground URL, serves the
// playground and the bot's probes there, and stops cleanly (every process of it) on Ctrl-C.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupAlive, startDemo, type DemoProcess } from './demo-process.js';

let demo: DemoProcess;

beforeAll(async () => {
  demo = await startDemo();
}, 120_000);
afterAll(async () => {
  await demo?.cleanup();
});

describe('npm run demo', () => {
  it('prints exactly one URL, the playground', () => {
    const urls = demo.output().match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toEqual([demo.playgroundUrl]);
    expect(demo.playgroundUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/playground$/);
  });

  it('serves the playground page, its renderer and the bot probes on that one port', async () => {
    const page = await fetch(demo.playgroundUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('defbot playground');
    const renderer = await fetch(`${demo.playgroundUrl}/vendor/adaptivecards.min.js`);
    expect(renderer.status).toBe(200);
    expect(renderer.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${demo.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${demo.baseUrl}/readyz`)).status).toBe(200);
  });

  it('answers a signed Slack command and a Teams message through the real adapters', async () => {
    const slack = await fetch(`${demo.playgroundUrl}/slack/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'U0VIEWER', text: 'whoami' }),
    });
    expect(await slack.json()).toMatchObject({ status: 200 });
    const teams = await fetch(`${demo.playgroundUrl}/teams/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: '29:1viewer-playground', text: 'whoami' }),
    });
    expect(await teams.json()).toMatchObject({ status: 200 });
    const seen = async (platform: string, user: string) => {
      const res = await fetch(
        `${demo.playgroundUrl}/api/messages?platform=${platform}&user=${encodeURIComponent(user)}`,
      );
      const body = (await res.json()) as { messages: { author: { kind: string }; text: string }[] };
      return body.messages
        .filter((m) => m.author.kind === 'bot')
        .map((m) => m.text)
        .join('\n');
    };
    for (let i = 0; i < 50 && !/viewer/i.test(await seen('teams', '29:1viewer-playground')); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect(await seen('slack', 'U0VIEWER')).toMatch(/viewer/i);
    expect(await seen('teams', '29:1viewer-playground')).toMatch(/viewer/i);
  });

  it('ignores an inherited QUEUE_PREFIX for a fresh random prefix of its own, and says so', () => {
    expect(demo.prefix).toMatch(/^demo-[0-9a-f]{16}$/);
    expect(demo.prefix).not.toBe(demo.inheritedPrefix);
    expect(demo.output()).toContain(
      `QUEUE_PREFIX=${demo.inheritedPrefix} is ignored: the demo uses its own fresh prefix ${demo.prefix}`,
    );
  });

  it('stops every process of the tree on SIGINT, after closing everything, and deletes only its own keys', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    expect((await redis.keys(`${demo.prefix}:*`)).length).toBeGreaterThan(0);
    // Someone else's keys in the same Redis: the prefix the demo inherited and ignored, a prefix that
    // merely starts with the demo's, and an unrelated one. The demo's exit must leave them all.
    const others = [
      `${demo.inheritedPrefix}:defender:id`,
      `${demo.prefix}-neighbour:approvals:1`,
      `${demo.prefix}x:audit`,
      `other-${randomUUID()}:defender:meta`,
    ];
    for (const key of others) await redis.set(key, 'keep', 'EX', 300);
    await demo.interrupt();
    // Printed right before the clean exit(0), after the bot, the simulator and Redis were closed.
    expect(demo.output()).toContain('defbot demo stopped.');
    expect(demo.output()).not.toMatch(/demo failed|Error/);
    expect(groupAlive(demo.child.pid!)).toBe(false);
    // The demo used the Redis at REDIS_URL, and leaves none of its keys in it.
    try {
      expect(await redis.keys(`${demo.prefix}:*`)).toEqual([]);
      for (const key of others) expect(await redis.get(key)).toBe('keep');
    } finally {
      await redis.del(...others);
      redis.disconnect();
    }
    await expect(fetch(`${demo.baseUrl}/healthz`)).rejects.toThrow();
  }, 40_000);
});
