// The soak's command mix, by request index: a mix the bot can serve forever, so memory that grows
// is a leak and not a backlog. Mostly commands the web process answers itself (help, whoami); every
// WORKER_EVERY-th request one that goes through the queue, MDE and a post to Slack, alternating two
// MDE APIs so each sees one call per 2 × WORKER_EVERY requests — under MDE's 100/min and 1,500/h.
import { USERS } from './bot.js';

export type SoakKind = 'help' | 'whoami' | 'machine' | 'alerts';
export const SOAK_KINDS: readonly SoakKind[] = ['help', 'whoami', 'machine', 'alerts'];
export const WORKER_KINDS: ReadonlySet<SoakKind> = new Set(['machine', 'alerts']);

/** At 100 requests/s: one worker-bound command every 1.5 s; each MDE API once every 3 s (1,200/h). */
export const WORKER_EVERY = 150;

/** Hosts the simulator seeds once each (web-07 would answer a pick list, privately). */
const MACHINES = ['web-01', 'sql-02', 'app-03', 'ws-04'] as const;

export interface SoakCommand {
  kind: SoakKind;
  text: string;
  userId: string;
  /** Worker-bound commands get a channel of their own, so each answer in Slack can be matched to it. */
  channelId: string;
}

export const HELPER_CHANNEL = 'C0SOAK';
export const workerChannel = (index: number): string => `C0SOAKW${index}`;

export function soakCommand(index: number): SoakCommand {
  if (index % WORKER_EVERY === 0) {
    const turn = index / WORKER_EVERY;
    const channelId = workerChannel(index);
    if (turn % 2 === 0)
      return {
        kind: 'machine',
        text: `machine ${MACHINES[(turn / 2) % MACHINES.length]!}`,
        userId: USERS.viewer,
        channelId,
      };
    return { kind: 'alerts', text: 'alerts high', userId: USERS.viewer, channelId };
  }
  return index % 2 === 0
    ? { kind: 'help', text: 'help', userId: USERS.viewer, channelId: HELPER_CHANNEL }
    : { kind: 'whoami', text: 'whoami', userId: USERS.responder, channelId: HELPER_CHANNEL };
}
