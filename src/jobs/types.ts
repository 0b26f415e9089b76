// Typed job data of the bot's queues. Everything here is JSON: it lives in Redis between processes.
import type { JobCommand, MachineActionCommand } from '../commands/index.js';
import type {
  ChatUser,
  ConversationRef,
  MessageRef,
  OutgoingMessage,
  UploadedFile,
} from '../core/interaction.js';
import type { IsolationType, ScanType } from '../core/vocabulary.js';

export const QUEUE_NAMES = { defender: 'defender', notify: 'notify', alerts: 'alerts' } as const;

/** Who asked and where to answer. */
export interface Requester {
  actor: ChatUser;
  conversation: ConversationRef;
  correlationId: string;
  /** The typed command was answered with a "working on it" message, which its result replaces. */
  working?: true;
}

export type ActionVerb = MachineActionCommand['verb'];

/** A machine action resolved to one machine, ready to submit. */
export interface ActionSpec {
  verb: ActionVerb;
  machineId: string;
  machineName: string;
  reason: string;
  isolationType?: IsolationType;
  scanType?: ScanType;
  /** `run`: the library script and its arguments. */
  script?: string;
  args?: string;
}

/** What a machine-action job has done so far; written to the job before the next step. */
export interface ActionProgress {
  /** When the first attempt started (the overall time limit counts from here). */
  firstAttemptAt?: string;
  /** Set just before the POST, cleared when MDE certainly did not create the action: an attempt
   * that finds it set without an action id adopts an action MDE created since then. */
  submittingSince?: string;
  actionId?: string;
  /** How many status reads so far (drives the growing poll delay). */
  polls?: number;
}

export interface MachineActionJob {
  kind: 'machine-action';
  action: ActionSpec;
  requester: Requester;
  /** Set for approved actions: the approval whose card is updated, and who approved. */
  approvalId?: string;
  approver?: ChatUser;
  /** The message showing this action's status (scan/collect), when no approval card is. */
  card?: MessageRef;
  progress?: ActionProgress;
}

export interface CommandJob {
  kind: 'command';
  command: JobCommand;
  requester: Requester;
  /** RBAC puts this command behind an approval (`block`, `unblock`): its job asks for one. */
  needsApproval?: boolean;
}

export type DefenderJob =
  /** A job verb's job (its declaration's `run`); the answer is posted to the requester's conversation. */
  | CommandJob
  /** The same, as queued by releases before job verbs (only look-ups ran as jobs then). */
  | { kind: 'read'; command: JobCommand; requester: Requester }
  /** Resolve the machine, then post an approval card or start the action (scan, collect). */
  | { kind: 'start-action'; command: MachineActionCommand; requester: Requester; needsApproval: boolean }
  /** Submit an approved (or approval-free) machine action and follow it to the end. */
  | MachineActionJob
  /** At an approval's expiry: mark it expired and update its card. `correlationId`: the request's. */
  | { kind: 'approval-expiry'; approvalId: string; correlationId?: string }
  /**
   * Watches an approval until it is over: an approved request with neither action id nor failure
   * after the grace period gets its action job queued again (same id), or ends visibly failed.
   * Scheduled before an approval is written, so no crash or Redis error can leave one unwatched.
   */
  | { kind: 'approval-redrive'; approvalId: string; correlationId: string; rounds?: number }
  /** Runs an approved request that is not a machine action (an indicator's block or unblock) once. */
  | { kind: 'approved-request'; approvalId: string; correlationId: string };

/** What the notify worker does after a successful post. */
export type PostContinuation =
  | { kind: 'attach-approval'; approvalId: string }
  | { kind: 'start-machine-action'; job: MachineActionJob }
  /** An alert card landed: remember where, so the poller can update it in place. */
  | {
      kind: 'attach-alert';
      subscriptionKey: string;
      alertId: string;
      shown: { status: string; assignedTo: string | null };
    }
  /** A card of one alert landed (an `alert` answer): it joins that alert's cards, redrawn on changes. */
  | { kind: 'attach-alert-card'; alertId: string };

/** The alerts queue runs only the scheduled poll. */
export interface AlertsJob {
  kind: 'poll';
}

export type NotifyJob =
  | {
      op: 'post';
      conversation: ConversationRef;
      message: OutgoingMessage;
      correlationId: string;
      then?: PostContinuation;
      /** Set once posted, so a retry after a failed continuation does not post twice. */
      posted?: MessageRef;
      /** The result of a command answered with "working on it": it takes that message's place. */
      replacesWorking?: true;
    }
  | {
      op: 'update';
      ref: MessageRef;
      message: OutgoingMessage;
      correlationId: string;
      /**
       * Edits of one message carry growing versions (a final status the highest): an edit older than
       * one already sent is dropped, so a retried "Pending" can never overwrite "Succeeded".
       */
      version?: number;
    }
  | {
      op: 'private';
      conversation: ConversationRef;
      user: ChatUser;
      message: OutgoingMessage;
      correlationId: string;
      /** As for a post: a private result replaces (Slack) or leaves a pointer in (Teams) the working message. */
      replacesWorking?: true;
      /**
       * The job's failure, in the requester's words: with `replacesWorking` it is shown in the working
       * message's place on every platform (on Teams the card everyone saw), and sent privately only when
       * that message cannot be reached (no card yet, an expired response_url).
       */
      failure?: true;
    }
  | {
      /** A file shared into the conversation (a hunt's CSV on Slack). */
      op: 'upload';
      conversation: ConversationRef;
      file: UploadedFile;
      /** Set: the file goes to this person alone (their direct messages with the bot), never the channel. */
      user?: ChatUser;
      correlationId: string;
    };
