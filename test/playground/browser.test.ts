// The playground in a real browser (Debian's chromium, headless, driven by playwright-core): a viewer
// looks a machine up, a responder asks to isolate it, an approver approves and the card reaches
// Succeeded; an admin subscribes the channel and an injected High alert arrives as a card; then the
// same approval flow on Teams, through Microsoft's Adaptive Cards renderer and Action.Execute. On both
// platforms a responder assigns and resolves an alert on its card (Slack: a modal; Teams: the card's
// show-card form) and the side panel shows the simulator's alert state; a responder's block of a
// SHA-256, approved by the approver, reaches the simulator's indicators; and on both platforms the
// machine card's Request isolation… (Slack: a modal; Teams: the form on the card) of a seeded machine
// with open alerts gives an approval card with the machine's facts and open alerts above Approve.
import { createHash } from 'node:crypto';
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

/** The responder's mailbox, which `Assign to me` puts on the alert. */
const RESPONDER_EMAIL = 'rex.responder@contoso.com';
const VERDICT = 'True positive: Malware';

/** Injects a High alert on MACHINE through the side panel; resolves with its id once the panel lists it. */
async function injectAlert(title: string): Promise<string> {
  await page.selectOption('[data-testid=alert-severity]', 'High');
  await page.fill('[data-testid=alert-title]', title);
  await page.selectOption('[data-testid=alert-machine]', MACHINE);
  await page.click('[data-testid=inject-alert]');
  const row = await visible(page.locator('[data-testid=alerts] tbody tr').filter({ hasText: title }));
  const id = await row.getAttribute('data-id');
  expect(id).toBeTruthy();
  return id!;
}

/** The alert's row in the side panel (the simulator's own view of it). */
function alertRow(id: string): Locator {
  return page.locator(`[data-testid=alerts] tbody tr[data-id="${id}"]`);
}

/**
 * Waits until the page has stopped redrawing the message (its node stays the same for a while), so a
 * show-card form opened next is not closed by a redraw still on its way (e.g. Teams' updateActivity
 * right after the invoke's own answer).
 */
async function settled(message: Locator, quietMs = 1_500): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await message.evaluate((node: { setAttribute(name: string, value: string): void }) =>
      node.setAttribute('data-probe', 'kept'),
    );
    await page.waitForTimeout(quietMs);
    if ((await message.getAttribute('data-probe')) === 'kept') return;
  }
  throw new Error('the message kept being redrawn');
}

/** Assign to me, then Resolve… with VERDICT in the platform's form (`resolveForm` fills and submits it). */
async function assignAndResolve(
  card: Locator,
  alertId: string,
  resolveForm: (comment: string) => Promise<void>,
): Promise<void> {
  await card.getByRole('button', { name: 'Assign to me' }).click();
  await visible(card.filter({ hasText: RESPONDER_EMAIL }), 30_000);
  await visible(alertRow(alertId).filter({ hasText: RESPONDER_EMAIL }));
  await settled(card);
  await card.getByRole('button', { name: 'Resolve…' }).click();
  await resolveForm('Confirmed malware; machine reimaged');
  // The card itself is redrawn: Resolved, with the classification and determination MDE now holds.
  await visible(
    card.filter({ hasText: 'Resolved' }).filter({ hasText: 'True positive' }).filter({ hasText: 'Malware' }),
    30_000,
  );
  expect(await card.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
  await visible(
    alertRow(alertId).filter({ hasText: 'Resolved' }).filter({ hasText: 'TruePositive / Malware' }),
  );
}

/**
 * A seeded machine with open alerts (the simulator seeds the same tenant every run): three open —
 * a High ransomware alert and two Low ones, the newest 'Wacatac' malware was prevented.
 */
const ALERTED_MACHINE = 'fin-srv-02.contoso.local';
const ALERTED_OPEN_ALERTS = "3, highest High; newest: 'Wacatac' malware was prevented";

/**
 * The viewer looks the alerted machine up; the responder asks to isolate it from the card's Request
 * isolation… (`fillForm` fills the platform's form with the reason and submits it); the approval card
 * shows the machine's facts, the ones the machine card showed and its open alerts, before Approve.
 */
async function isolationFromMachineCard(
  reason: string,
  fillForm: (card: Locator, reason: string) => Promise<void>,
): Promise<Locator> {
  await actAs('viewer');
  await send(`machine ${ALERTED_MACHINE}`);
  const card = messageById(
    await (
      await visible(botMessage(new RegExp(`${ALERTED_MACHINE}[\\s\\S]*Last seen`)))
    ).getAttribute('data-id'),
  );
  const shown = (await card.textContent()) ?? '';
  // Slack marks a coloured value with a dot ("● Medium").
  const risk = /Risk\W*(None|Informational|Low|Medium|High)/.exec(shown)?.[1];
  const exposure = /Exposure\W*(Low|Medium|High)/.exec(shown)?.[1];
  expect(risk).toBeTruthy();
  expect(exposure).toBeTruthy();

  await actAs('responder');
  await settled(card);
  await card.getByRole('button', { name: 'Request isolation…' }).click();
  await fillForm(card, reason);
  const approval = await visible(
    page
      .locator('#messages .message[data-author=bot]')
      .filter({ hasText: reason })
      .filter({ has: page.getByRole('button', { name: 'Approve' }) })
      .last(),
  );
  const text = (await approval.textContent()) ?? '';
  for (const fact of [
    new RegExp(`Isolate machine \\(full\\)`),
    new RegExp(ALERTED_MACHINE),
    /Health\W*Active/,
    new RegExp(`Risk score\\W*${risk}`),
    new RegExp(`Exposure\\W*${exposure}`),
    /OS\s*WindowsServer2022 21H2/,
    /Device group\s*Finance/,
    /Tags\s*pci, prod/,
  ])
    expect(text).toMatch(fact);
  expect(text).toMatch(/Open alerts/);
  expect(text).toContain(ALERTED_OPEN_ALERTS);
  // The facts come before the decision buttons.
  expect(text.indexOf('Open alerts')).toBeLessThan(text.lastIndexOf('Approve'));
  return approval;
}

/** A SHA-256 nobody has blocked yet. */
function freshSha256(label: string): string {
  return createHash('sha256').update(`playground ${label} ${Date.now()} ${Math.random()}`).digest('hex');
}

/** The responder asks to block the hash, the approver approves it, and the indicators panel lists it. */
async function blockApproved(sha256: string): Promise<void> {
  await actAs('responder');
  await send(`block ${sha256} dropper seen in the playground`);
  const approval = await visible(
    page
      .locator('#messages .message[data-author=bot]')
      .filter({ hasText: sha256 })
      .filter({ has: page.getByRole('button', { name: 'Approve' }) })
      .last(),
  );
  const approvalId = await approval.getAttribute('data-id');
  await actAs('approver');
  await messageById(approvalId).getByRole('button', { name: 'Approve' }).click();
  const row = await visible(
    page.locator(`[data-testid=indicators] tbody tr[data-value="${sha256}"]`),
    45_000,
  );
  expect(await row.textContent()).toMatch(/FileSha256\s*BlockAndRemediate/);
  // The approval card moves on from asking: no Approve button once it is decided.
  await expect.poll(() => messageById(approvalId).getByRole('button', { name: 'Approve' }).count()).toBe(0);
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

  it('Slack: a responder assigns an alert and resolves it in the modal its card opens', async () => {
    await page.click('.switch button[data-platform=slack]');
    // The channel is subscribed to High alerts (above).
    await actAs('responder');
    const title = `Playground triage alert ${Date.now()}`;
    const alertId = await injectAlert(title);
    const card = messageById(
      await (await visible(botMessage(new RegExp(title)), 45_000)).getAttribute('data-id'),
    );
    await assignAndResolve(card, alertId, async (comment) => {
      const modal = await visible(page.locator('[data-testid=slack-modal]'));
      await shot('07-slack-resolve-modal');
      // Slack's own check: nothing is sent while a required input is empty.
      await modal.getByRole('button', { name: 'Resolve' }).click();
      await expect
        .poll(() => modal.locator('.sk-error').allTextContents())
        .toContain('Please complete this required field.');
      await modal.getByLabel('Classification and determination').selectOption({ label: VERDICT });
      await modal.getByLabel(/Comment/).fill(comment);
      await modal.getByRole('button', { name: 'Resolve' }).click();
      await modal.waitFor({ state: 'hidden', timeout: 10_000 });
    });
    await shot('08-slack-resolved');
  }, 120_000);

  it('Teams: a responder assigns an alert and resolves it in the form on its card', async () => {
    await page.click('.switch button[data-platform=teams]');
    await actAs('admin');
    await send('subscribe high');
    await visible(botMessage(/subscri/i));
    await actAs('responder');
    const title = `Playground Teams triage alert ${Date.now()}`;
    const alertId = await injectAlert(title);
    const card = messageById(
      await (await visible(botMessage(new RegExp(title)), 45_000)).getAttribute('data-id'),
    );
    // The body's ActionSet (Show machine, Open in Defender) renders next to the card's own actions.
    await visible(card.getByRole('button', { name: 'Show machine' }));
    await assignAndResolve(card, alertId, async (comment) => {
      // Action.ShowCard opens the form inline: a select for the ChoiceSet, a textarea for the multiline text.
      const verdict = await visible(card.locator('select'));
      const text = card.locator('textarea');
      await shot('09-teams-resolve-form');
      // isRequired is checked in the browser by the renderer: nothing is sent while the form is empty.
      await card.getByRole('button', { name: 'Resolve', exact: true }).click();
      await visible(card.getByText('A comment is required.'));
      await verdict.selectOption({ label: VERDICT });
      await text.fill(comment);
      await card.getByRole('button', { name: 'Resolve', exact: true }).click();
    });
    await shot('10-teams-resolved');

    // The body ActionSet's Action.Execute works too: Show machine answers with the machine's card.
    const machineCards = page.locator('#messages .message[data-author=bot]').filter({ hasText: 'Health' });
    const before = await machineCards.count();
    await card.getByRole('button', { name: 'Show machine' }).click();
    await expect.poll(() => machineCards.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  }, 120_000);

  it('Slack: a responder blocks a SHA-256, the approver approves, the indicators panel lists it', async () => {
    await page.click('.switch button[data-platform=slack]');
    await blockApproved(freshSha256('slack'));
    await shot('11-slack-blocked');
  }, 120_000);

  it('Teams: a responder blocks a SHA-256, the approver approves, the indicators panel lists it', async () => {
    await page.click('.switch button[data-platform=teams]');
    await blockApproved(freshSha256('teams'));
    await shot('12-teams-blocked');
  }, 120_000);

  it("Slack: the machine card's Request isolation… opens a modal; the approval card shows the machine's facts and open alerts", async () => {
    await page.click('.switch button[data-platform=slack]');
    const approval = await isolationFromMachineCard(
      `Slack playground isolation ${Date.now()}`,
      async (_card, reason) => {
        const modal = await visible(page.locator('[data-testid=slack-modal]'));
        // Full isolation is preselected; the reason is required (Slack's own check).
        expect(await modal.getByLabel('Isolation type').inputValue()).toBe('full');
        await modal.getByRole('button', { name: 'Request isolation' }).click();
        await expect
          .poll(() => modal.locator('.sk-error').allTextContents())
          .toContain('Please complete this required field.');
        await shot('13-slack-isolation-modal');
        await modal.getByLabel(/Reason/).fill(reason);
        await modal.getByRole('button', { name: 'Request isolation' }).click();
        await modal.waitFor({ state: 'hidden', timeout: 10_000 });
      },
    );
    await approval.scrollIntoViewIfNeeded();
    await shot('14-slack-isolation-approval-facts');
  }, 120_000);

  it("Teams: the machine card's Request isolation… unfolds its form; the approval card shows the machine's facts and open alerts", async () => {
    await page.click('.switch button[data-platform=teams]');
    const approval = await isolationFromMachineCard(
      `Teams playground isolation ${Date.now()}`,
      async (card, reason) => {
        const type = await visible(card.locator('select'));
        expect(await type.inputValue()).toBe('full');
        // isRequired is checked by the renderer: nothing is sent without a reason.
        await card.getByRole('button', { name: 'Request isolation', exact: true }).click();
        await visible(card.getByText('A reason is required.'));
        await shot('15-teams-isolation-form');
        await card.locator('textarea').fill(reason);
        await card.getByRole('button', { name: 'Request isolation', exact: true }).click();
      },
    );
    await approval.scrollIntoViewIfNeeded();
    await shot('16-teams-isolation-approval-facts');
  }, 120_000);
});
