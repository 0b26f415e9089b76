// The drills' accounting, from what really crossed the wire: MDE submissions in the simulator's call
// log, and messages the fake Slack delivered (a 429 or error answer delivered nothing).
import type { CallRecord } from '../../src/sim/index.js';
import type { FakeSlack, FakeSlackCall } from '../../test/helpers/fake-slack.js';
import { delivered } from './driver.js';

export type DrillVerb = 'scan' | 'isolate';

const ROUTE: Record<DrillVerb, string> = { scan: 'runAntiVirusScan', isolate: 'isolate' };
const FINAL_STATUS = /: (Succeeded|Failed|TimeOut|Cancelled)\b/;

export interface TrackedAction {
  verb: DrillVerb;
  machineId: string;
  machineName: string;
  /** One channel per action, so its messages are told apart. */
  channel: string;
  /** The bot said it would do it ("Working on it", or the approval was taken). */
  accepted: boolean;
  /** What the user was told instead, when not accepted. */
  refusal?: string;
}

/** MDE's 201 answers to this action's POST: each one is an action MDE runs. */
export function submissions(calls: readonly CallRecord[], action: Pick<TrackedAction, 'verb' | 'machineId'>): number {
  const path = `/api/machines/${action.machineId}/${ROUTE[action.verb]}`;
  return calls.filter((c) => c.method === 'POST' && c.path === path && c.status === 201).length;
}

const inChannel = (calls: readonly FakeSlackCall[], channel: string, method: string) =>
  calls.filter((c) => c.method === method && c.body.channel === channel && delivered(c));

const textOf = (call: FakeSlackCall): string => (typeof call.body.text === 'string' ? call.body.text : '');

/** The final status the user saw for this action: on its card, or in a private error message. */
export function finalMessages(calls: readonly FakeSlackCall[], channel: string): FakeSlackCall[] {
  const cards = [...inChannel(calls, channel, 'chat.postMessage'), ...inChannel(calls, channel, 'chat.update')];
  return cards.filter((c) => FINAL_STATUS.test(textOf(c)));
}

export const privateNotes = (calls: readonly FakeSlackCall[], channel: string): FakeSlackCall[] => inChannel(calls, channel, 'chat.postEphemeral');

export interface Accounting {
  accepted: number;
  completed: number;
  lost: number;
  /** Extra MDE submissions + extra posted cards. */
  duplicated: number;
  extraSubmissions: number;
  extraPosts: number;
  /** A final status delivered more than once to the same card (an edit repeated, not a new message). */
  repeatedFinals: number;
  /** Requests the user was told to retry that MDE ran anyway. */
  refusedButRun: number;
  lostChannels: string[];
  statuses: Record<string, number>;
}

/**
 * completed = an accepted action whose user saw a final status (or, with `privateFailureCounts`, a
 * private failure message); lost = accepted and never completed.
 */
export function account(
  actions: readonly TrackedAction[],
  sim: { calls(): CallRecord[] },
  slack: Pick<FakeSlack, 'calls'>,
  options: { privateFailureCounts?: boolean } = {},
): Accounting {
  const calls = sim.calls();
  const chat = slack.calls();
  const result: Accounting = {
    accepted: 0,
    completed: 0,
    lost: 0,
    duplicated: 0,
    extraSubmissions: 0,
    extraPosts: 0,
    repeatedFinals: 0,
    refusedButRun: 0,
    lostChannels: [],
    statuses: {},
  };
  for (const action of actions) {
    const submitted = submissions(calls, action);
    result.extraSubmissions += Math.max(0, submitted - 1);
    result.extraPosts += Math.max(0, inChannel(chat, action.channel, 'chat.postMessage').length - 1);
    if (!action.accepted) {
      if (submitted > 0) result.refusedButRun += 1;
      continue;
    }
    result.accepted += 1;
    const finals = finalMessages(chat, action.channel);
    const privateFailure = options.privateFailureCounts ? privateNotes(chat, action.channel) : [];
    const last = finals.at(-1);
    if (last) {
      result.completed += 1;
      const status = FINAL_STATUS.exec(textOf(last))?.[1] ?? '?';
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      result.repeatedFinals += finals.length - 1;
    } else if (privateFailure.length > 0) {
      result.completed += 1;
      result.statuses['private failure message'] = (result.statuses['private failure message'] ?? 0) + 1;
    } else {
      result.lost += 1;
      result.lostChannels.push(action.channel);
    }
  }
  result.duplicated = result.extraSubmissions + result.extraPosts;
  return result;
}

/** Whether every accepted action has reached a final status (or a private failure message). */
export function allSettled(actions: readonly TrackedAction[], sim: { calls(): CallRecord[] }, slack: Pick<FakeSlack, 'calls'>, privateFailureCounts = false): boolean {
  const accounting = account(actions, sim, slack, { privateFailureCounts });
  return accounting.lost === 0;
}

export function describeAccounting(a: Accounting): string[] {
  const statuses = Object.entries(a.statuses).map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  const notes = [
    `final statuses: ${statuses}; duplicated = ${a.extraSubmissions} extra MDE submission(s) + ${a.extraPosts} extra card post(s); a final status edited onto the same card more than once: ${a.repeatedFinals}`,
  ];
  if (a.lostChannels.length > 0) notes.push(`LOST (no final status) in channel(s) ${a.lostChannels.join(', ')}`);
  if (a.refusedButRun > 0) notes.push(`${a.refusedButRun} request(s) answered "try again" were run by MDE anyway`);
  return notes;
}
