// What a hunt job needs from the worker: the named hunts, who may run what, Graph (as the requester,
// by the token-context policy), where the CSV goes on the requester's platform, and the audit trail.
import type { ChatRole, HuntCatalogue } from '../config/index.js';
import type { ChatUser } from '../core/interaction.js';
import type { HuntingResult } from '../defender/index.js';

export interface HuntCsv {
  filename: string;
  title: string;
  content: string;
}

/** Where the CSV went: uploaded into the conversation (Slack), or a link only the requester can open (Teams). */
export type CsvDelivery =
  | { kind: 'uploaded'; filename: string }
  | { kind: 'link'; url: string; expiresAt: string }
  | { kind: 'unavailable'; reason: string };

export interface HuntingPort {
  readonly hunts: HuntCatalogue;
  /** `hunting.kqlRole`: who may run free KQL. */
  readonly kqlRole: ChatRole;
  /** Whether the RBAC file gives this person at least `role`. */
  holds(actor: ChatUser, role: ChatRole): boolean;
  /** Runs a query on Microsoft Graph as the requester (their Graph token when signed in and allowed). */
  run(query: string): Promise<HuntingResult>;
  deliverCsv(csv: HuntCsv): Promise<CsvDelivery>;
  /** One audit entry about this hunt (its query, the outcome, the row count). */
  audit(entry: { outcome: string; details: Record<string, string | number | boolean> }): Promise<void>;
}
