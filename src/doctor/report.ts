// What `npm run doctor` (and `doctor` in chat) reports: one line per check, ✓ / ! / ✗, each ✗ with the
// exact fix. Checks never print a token or a secret.
import { CHECK_MARK, type Check, type CheckStatus } from '../core/doctor.js';

export type { Check, CheckStatus } from '../core/doctor.js';

export const ok = (area: string, message: string): Check => ({ area, status: 'ok', message });
export const warn = (area: string, message: string, fix?: string): Check => ({
  area,
  status: 'warn',
  message,
  ...(fix ? { fix } : {}),
});
export const fail = (area: string, message: string, fix: string): Check => ({
  area,
  status: 'fail',
  message,
  fix,
});

/** The report as text: one line per check (a fix on the line below), then a one-line summary. */
export function formatReport(checks: readonly Check[]): string {
  const lines = checks.map((check) => {
    const line = `${CHECK_MARK[check.status]} ${check.area}: ${check.message}`;
    return check.fix ? `${line}\n    fix: ${check.fix}` : line;
  });
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  lines.push(`${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed`);
  return lines.join('\n');
}

export function failed(checks: readonly Check[]): boolean {
  return checks.some((check) => check.status === 'fail');
}
