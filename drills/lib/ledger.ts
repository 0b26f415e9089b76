// The drills' accounting, from what really crossed the wire: MDE submissions in the simulator's call
// log, messages the fake Slack delivered (a 429 or error answer delivered nothing), and what each
// slash command's working message shows in the end (the fake's response_url state).
import type { CallRecord } from '../../src/sim/index.js';
import type { FakeSlack, FakeSlackCall } from '../../test/helpers/fake-slack.js';
import { isPrivateTo, workingStillShowing } from '../../test/helpers/slack-flow.js';
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
  /** The slash command that asked for it: its response_url's id and its ack, to find its working message. */
  command?: { responseId: string; ack: string };
}

/** MDE's 201 answers to this action's POST: each one is an action MDE runs. */
export function submissions(
  calls: readonly CallRecord[],
  action: Pick<TrackedAction, 'verb' | 'machineId'>,
): number {
  const path = `/api/machines/${action.machineId}/${ROUTE[action.verb]}`;
  return calls.filter((c) => c.method === 'POST' && c.path === path && c.status === 201).length;
}

const inChannel = (calls: readonly FakeSlackCall[], channel: string, method: string) =>
  calls.filter((c) => c.method === method && c.body.channel === channel && delivered(c));

const textOf = (call: FakeSlackCall): string => (typeof call.body.text === 'string' ? call.body.text : '');

/** Every card post and edit delivered in `channel`, in the order the fake Slack took them. */
const cardMessages = (calls: readonly FakeSlackCall[], channel: string): FakeSlackCall[] =>
  calls.filter(
    (c) =>
      (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
      c.body.channel === channel &&
      delivered(c),
  );

/** The final statuses delivered for this action's card. */
export function finalMessages(calls: readonly FakeSlackCall[], channel: string): FakeSlackCall[] {
  return cardMessages(calls, channel).filter((c) => FINAL_STATUS.test(textOf(c)));
}

/** Messages the requester alone saw: ephemeral posts, or their command's working message replaced. */
export const privateNotes = (calls: readonly FakeSlackCall[], channel: string): FakeSlackCall[] =>
  calls.filter((c) => isPrivateTo(channel)(c) && delivered(c));

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
  /** A final status later overwritten by an older, non-final one: the card ends up wrong (counted as lost). */
  overwrittenFinals: number;
  /** Requests the user was told to retry that MDE ran anyway. */
  refusedButRun: number;
  /**
   * Commands whose "working on it" message still shows at the end: its response_url neither
   * replaced nor deleted it (a response_url call Slack refused changed nothing).
   */
  workingLeft: number;
  lostChannels: string[];
  workingLeftChannels: string[];
  /** For each lost or duplicated request: the card calls Slack saw, in order (status, and whether delivered). */
  evidence: string[];
  statuses: Record<string, number>;
}

/**
 * completed = an accepted action whose user saw a final status (or, with `privateFailureCounts`, a
 * private failure message); lost = accepted and never completed.
 */
export function account(
  actions: readonly TrackedAction[],
  sim: { calls(): CallRecord[] },
  slack: Pick<FakeSlack, 'calls' | 'responseMessage'>,
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
    overwrittenFinals: 0,
    refusedButRun: 0,
    workingLeft: 0,
    lostChannels: [],
    workingLeftChannels: [],
    evidence: [],
    statuses: {},
  };
  for (const action of actions) {
    const submitted = submissions(calls, action);
    result.extraSubmissions += Math.max(0, submitted - 1);
    const extraPosts = Math.max(0, inChannel(chat, action.channel, 'chat.postMessage').length - 1);
    result.extraPosts += extraPosts;
    const lostBefore = result.lost;
    const repeatedBefore = result.repeatedFinals;
    if (action.command && workingStillShowing(slack, action.command.responseId, action.command.ack)) {
      result.workingLeft += 1;
      result.workingLeftChannels.push(action.channel);
      result.evidence.push(
        `${action.channel} (${action.verb}): working message still showing; its response_url saw ${responseTimeline(chat, action.command.responseId)}`,
      );
    }
    if (!action.accepted) {
      if (submitted > 0) result.refusedButRun += 1;
      continue;
    }
    result.accepted += 1;
    const finals = finalMessages(chat, action.channel);
    const privateFailure = options.privateFailureCounts ? privateNotes(chat, action.channel) : [];
    const last = finals.at(-1);
    if (last && cardMessages(chat, action.channel).at(-1) !== last) {
      result.overwrittenFinals += 1;
      result.lost += 1;
      result.lostChannels.push(action.channel);
    } else if (last) {
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
    const suspicious =
      result.lost > lostBefore || result.repeatedFinals > repeatedBefore || extraPosts > 0 || submitted > 1;
    if (suspicious)
      result.evidence.push(
        `${action.channel} (${action.verb}, ${submitted} MDE submission(s)): ${timeline(chat, action.channel)}`,
      );
  }
  result.duplicated = result.extraSubmissions + result.extraPosts;
  return result;
}

/** Whether every accepted action has reached a final status (or a private failure message). */
export function allSettled(
  actions: readonly TrackedAction[],
  sim: { calls(): CallRecord[] },
  slack: Pick<FakeSlack, 'calls' | 'responseMessage'>,
  privateFailureCounts = false,
): boolean {
  const accounting = account(actions, sim, slack, { privateFailureCounts });
  return accounting.lost === 0;
}

/** e.g. "post Submitting ok → update Pending 429 → update Succeeded ok" */
function timeline(chat: readonly FakeSlackCall[], channel: string): string {
  return chat
    .filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.channel === channel,
    )
    .map((c) => {
      const status = /: ([A-Za-z ]+?)(?: \(|$)/.exec(textOf(c))?.[1] ?? textOf(c).slice(0, 40);
      const outcome = delivered(c)
        ? `ok${c.method === 'chat.postMessage' ? ` ts=${String(c.response?.ts)}` : ` ts=${String(c.body.ts)}`}`
        : typeof c.response?.error === 'string'
          ? c.response.error
          : 'failed';
      return `${c.method === 'chat.postMessage' ? 'post' : 'update'} ${status} ${outcome}`;
    })
    .join(' → ');
}

/** e.g. "delete ok → replace ratelimited", or "nothing" when the response_url was never called. */
function responseTimeline(chat: readonly FakeSlackCall[], responseId: string): string {
  const calls = chat.filter((c) => c.method === 'response_url' && c.responseId === responseId);
  if (calls.length === 0) return 'nothing';
  return calls
    .map((c) => {
      const kind =
        c.body.delete_original === true ? 'delete' : c.body.replace_original === true ? 'replace' : 'post';
      const outcome = delivered(c)
        ? 'ok'
        : typeof c.response?.error === 'string'
          ? c.response.error
          : 'no answer';
      return `${kind} ${outcome}`;
    })
    .join(' → ');
}

export function describeAccounting(a: Accounting): string[] {
  const statuses =
    Object.entries(a.statuses)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ') || 'none';
  const notes = [
    `final statuses: ${statuses}; duplicated = ${a.extraSubmissions} extra MDE submission(s) + ${a.extraPosts} extra card post(s); a final status edited onto the same card more than once: ${a.repeatedFinals}; working messages left behind: ${a.workingLeft}`,
  ];
  if (a.workingLeftChannels.length > 0)
    notes.push(`WORKING MESSAGE LEFT BEHIND in channel(s) ${a.workingLeftChannels.join(', ')}`);
  if (a.lostChannels.length > 0)
    notes.push(`LOST (no final status) in channel(s) ${a.lostChannels.join(', ')}`);
  if (a.overwrittenFinals > 0)
    notes.push(
      `${a.overwrittenFinals} card(s) reached a final status and were then edited back to an older one`,
    );
  for (const line of a.evidence) notes.push(`evidence: ${line}`);
  if (a.refusedButRun > 0)
    notes.push(`${a.refusedButRun} request(s) answered "try again" were run by MDE anyway`);
  return notes;
}
