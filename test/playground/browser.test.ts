// The playground in a real browser (Debian's chromium, headless, driven by playwright-core): a viewer
// looks a machine up, a responder asks to isolate it, an approver approves and the card reaches
// Succeeded; an admin subscribes the channel and an injected High alert arrives as a card; then the
// same approval flow on Teams, through Microsoft's Adaptive Cards renderer and Action.Execute.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startDemo, type DemoProcess } from './demo-process.js';

const CHROMIUM = '/usr/bin/chromium';
const MACHINE = 'web-07.fabrikam.local';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `SKIPPED test/playground/browser.test.ts: ${CHROMIUM} is missing (apt-get install chromium); .ci/run installs it.`,
  );

let demo: DemoProcess;
let context: BrowserContext;
let page: Page;
let profileDir: string;
let artifacts: string;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

async function actAs(role: string): Promise<void> {
  await page.selectOption('[data-testid=user]', role);
}

async function send(text: string): Promise<void> {
  await page.fill('[data-testid=command]', text);
  await page.press('[data-testid=command]', 'Enter');
  await expect.poll(() => page.textContent('[data-testid=send-status]')).toBe('');
}

/** The newest bot message whose text matches. */
function botMessage(text: RegExp): Locator {
  return page.locator('#messages .message[data-author=bot]').filter({ hasText: text }).last();
}

function messageById(id: string | null): Locator {
  expect(id).toBeTruthy();
  return page.locator(`#messages .message[data-id="${id}"]`);
}

async function visible(locator: Locator, timeout = 20_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

describe.skipIf(!haveChromium)('the playground in a browser', () => {
  beforeAll(async () => {
    artifacts = await mkdtemp(join(tmpdir(), 'defbot-playground-shots-'));
    profileDir = await mkdtemp(join(tmpdir(), 'defbot-chromium-'));
    console.info(`playground screenshots: ${artifacts}`);
    demo = await startDemo();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(demo.playgroundUrl);
    await page.locator('[data-testid=user] option').nth(4).waitFor({ state: 'attached' });
  }, 150_000);

  afterAll(async () => {
    await context?.close();
    await demo?.interrupt().catch(() => undefined);
    await demo?.cleanup();
    await rm(profileDir, { recursive: true, force: true });
  }, 60_000);

  it('Slack: viewer looks up a machine, responder requests isolation, approver approves, the card reaches Succeeded', async () => {
    await actAs('viewer');
    await send(`machine ${MACHINE}`);
    await visible(botMessage(new RegExp(MACHINE)));
    await shot('01-slack-machine');

    await actAs('responder');
    await send(`isolate ${MACHINE} full suspicious beaconing`);
    const approval = await visible(botMessage(/Approve/));
    const approvalId = await approval.getAttribute('data-id');
    await shot('02-slack-approval-requested');

    await actAs('approver');
    await messageById(approvalId).getByRole('button', { name: 'Approve' }).click();
    // The approval card itself turns into the action's status card (chat.update), then reaches Succeeded.
    await visible(
      messageById(approvalId)
        .filter({ hasText: /Isolate machine/ })
        .filter({ hasText: 'Succeeded' }),
      45_000,
    );
    await expect
      .poll(() => page.locator('[data-testid=actions] tbody').textContent(), { timeout: 10_000 })
      .toMatch(/Isolate\s*Succeeded/);
    await shot('03-slack-succeeded');
  }, 90_000);

  it('Slack: an admin subscribes the channel and an injected High alert arrives as a card', async () => {
    await actAs('admin');
    await send('subscribe high');
    const answer = await visible(botMessage(/subscri/i));
    // An ephemeral: marked for the admin, and not there at all for anyone else.
    expect(await answer.textContent()).toContain('Only visible to you');
    const answerId = await answer.getAttribute('data-id');
    await actAs('viewer');
    await expect.poll(() => messageById(answerId).count()).toBe(0);
    await actAs('admin');
    await visible(messageById(answerId));
    const title = `Playground test alert ${Date.now()}`;
    await page.selectOption('[data-testid=alert-severity]', 'High');
    await page.fill('[data-testid=alert-title]', title);
    await page.selectOption('[data-testid=alert-machine]', MACHINE);
    await page.click('[data-testid=inject-alert]');
    await expect.poll(() => page.textContent('[data-testid=alert-status]')).toMatch(/created/);
    await visible(botMessage(new RegExp(title)), 45_000);
    await page.locator('#messages .message').last().scrollIntoViewIfNeeded();
    await shot('04-slack-alert');
    // Taller for the README, so the approved action's card shows above the alert. The README's copy
    // in docs/ is refreshed only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
    await page.setViewportSize({ width: 1400, height: 1250 });
    await page.locator('#messages .message').last().scrollIntoViewIfNeeded();
    await shot('playground');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(join(REPO_ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, 'docs', 'playground.png') });
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 90_000);

  it('Teams: the same flow through Adaptive Cards and Action.Execute (release from isolation)', async () => {
    await page.click('.switch button[data-platform=teams]');
    await actAs('viewer');
    await send(`machine ${MACHINE}`);
    const machineCard = await visible(botMessage(new RegExp(MACHINE)));
    // Rendered by Microsoft's adaptivecards library, not as text.
    await expect.poll(() => machineCard.locator('.ac-adaptiveCard').count()).toBeGreaterThan(0);

    await actAs('responder');
    await send(`release ${MACHINE} contained, back to work`);
    const approval = await visible(botMessage(/Approve/));
    const approvalId = await approval.getAttribute('data-id');
    await shot('05-teams-approval-requested');

    await actAs('approver');
    await messageById(approvalId).getByRole('button', { name: 'Approve' }).click();
    // Action.Execute's invoke, then the worker's updateActivity of the same card for everyone.
    await visible(
      messageById(approvalId)
        .filter({ hasText: /Release from isolation/ })
        .filter({ hasText: 'Succeeded' }),
      45_000,
    );
    await actAs('viewer');
    await visible(messageById(approvalId).filter({ hasText: 'Succeeded' }));
    await shot('06-teams-succeeded');
  }, 90_000);
});
