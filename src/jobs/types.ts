// Typed job data of the bot's queues. Everything here is JSON: it lives in Redis between processes.
import type { ReadCommand } from '../commands/handlers/reads.js';
import type { MachineActionCommand } from '../commands/index.js';
import type { ChatUser, ConversationRef, MessageRef, OutgoingMessage } from '../core/interaction.js';

export const QUEUE_NAMES = { defender: 'defender', notify: 'notify', alerts: 'alerts' } as const;

/** Who asked and where to answer. */
export interface Requester {
  actor: ChatUser;
  conversation: ConversationRef;
  correlationId: string;
}

export type DefenderJob =
  /** A lookup whose card is posted to the requester's conversation. */
  | { kind: 'read'; command: ReadCommand; requester: Requester }
  /** Resolve the machine and post an approval card (isolate, release, restrict, unrestrict). */
  | { kind: 'request-approval'; command: MachineActionCommand; requester: Requester }
  /** Submit an approved (or approval-free) machine action and follow it to the end. */
  | { kind: 'machine-action'; actionRequestId: string };

export type NotifyJob =
  | { op: 'post'; conversation: ConversationRef; message: OutgoingMessage; correlationId: string; attachToApproval?: string }
  | { op: 'update'; ref: MessageRef; message: OutgoingMessage; correlationId: string }
  | { op: 'private'; conversation: ConversationRef; user: ChatUser; message: OutgoingMessage; correlationId: string };
