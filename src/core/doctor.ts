// One check of `npm run doctor` (and of `doctor` in chat): ✓ / ! / ✗ with, for a ✗, the exact fix.

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** The part of the setup checked: Configuration, Entra, MDE, Graph, User context, Slack, Teams, Redis, RBAC. */
  area: string;
  status: CheckStatus;
  message: string;
  /** For a ✗ (and a ! where one helps): what to change, exactly. */
  fix?: string;
}

export const CHECK_MARK: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };
