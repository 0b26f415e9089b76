// The user-side flows a drill runs: a scan (no approval), and an isolation requested by a responder
// and approved by an approver. Each returns the tracked action with whether the bot accepted it.
import type { SimMachine } from '../../src/sim/index.js';
import type { FakeSlack } from '../../test/helpers/fake-slack.js';
import { buttons, tsOf } from '../../test/helpers/slack-flow.js';
import { USERS } from './bot.js';
import { delivered, type Answer, type DrillDriver } from './driver.js';
import type { TrackedAction } from './ledger.js';

const WORKING = /Working on it/;
const TRY_AGAIN = /try again/i;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true when `work` settles within `ms`, false when it is still running then (it is not cancelled). */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** What the user was told: waits for "Working on it" or a "try again" answer (a late one arrives via response_url). */
async function verdictOf(
  answer: Answer,
  timeoutMs = 10_000,
): Promise<{ accepted: boolean; refusal?: string }> {
  await waitUntil(() => WORKING.test(answer.text()) || TRY_AGAIN.test(answer.text()), timeoutMs);
  const text = answer.text();
  if (WORKING.test(text)) return { accepted: true };
  return {
    accepted: false,
    refusal: TRY_AGAIN.test(text) ? 'try again' : `no answer (HTTP ${answer.status}): ${text.slice(0, 120)}`,
  };
}

/** The slash command behind an action, to find its working message by. */
const commandOf = (answer: Answer): NonNullable<TrackedAction['command']> => ({
  responseId: answer.responseId,
  ack: answer.ack,
});

export function machineName(machine: SimMachine): string {
  return machine.computerDnsName;
}

export async function requestScan(driver: DrillDriver, machine: SimMachine): Promise<TrackedAction> {
  const channel = driver.newChannel();
  const answer = await driver.command(
    `scan ${machineName(machine)} quick failure drill`,
    USERS.responder,
    channel,
  );
  const verdict = await verdictOf(answer);
  return {
    verb: 'scan',
    machineId: machine.id,
    machineName: machineName(machine),
    channel,
    command: commandOf(answer),
    ...verdict,
  };
}

export interface PendingApproval {
  action: TrackedAction;
  approve(): Promise<TrackedAction>;
}

/** A responder asks to isolate; resolves once the approval card is posted, with a way to approve it. */
export async function requestIsolation(
  driver: DrillDriver,
  slack: FakeSlack,
  machine: SimMachine,
): Promise<PendingApproval> {
  const channel = driver.newChannel();
  const answer = await driver.command(
    `isolate ${machineName(machine)} selective failure drill`,
    USERS.responder,
    channel,
  );
  const base: TrackedAction = {
    verb: 'isolate',
    machineId: machine.id,
    machineName: machineName(machine),
    channel,
    command: commandOf(answer),
    ...(await verdictOf(answer)),
  };
  if (!base.accepted) return { action: base, approve: () => Promise.resolve(base) };
  const card = await slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.body.channel === channel &&
      delivered(c) &&
      /Approve/.test(JSON.stringify(c.body.blocks)),
    30_000,
  );
  const approveButton = buttons(card).find((b) => b.action_id.startsWith('approval.approve'));
  if (!approveButton) throw new Error('the approval card has no Approve button');
  return {
    action: base,
    async approve() {
      const click = await driver.click(approveButton, USERS.approver, channel, tsOf(card));
      // Taken once the card says approved (the web side queued the action before answering).
      const approved = await waitUntil(
        () =>
          slack
            .calls()
            .some(
              (c) =>
                c.method === 'chat.update' &&
                c.body.channel === channel &&
                delivered(c) &&
                /: approved/.test(String(c.body.text)),
            ),
        10_000,
      );
      const refusal = approved
        ? undefined
        : TRY_AGAIN.test(click.text())
          ? 'try again'
          : `approval not confirmed (HTTP ${click.status})`;
      return { ...base, accepted: approved, ...(refusal ? { refusal } : {}) };
    },
  };
}
