// `alerts [severity] [<N>h]`: recent alerts, newest first.
import { checkSeverity, checkWindow, extraArguments, parsed, type ArgReader } from '../args.js';
import { declareVerb, type ParseResultOf } from '../declaration.js';
import { answerAlerts } from '../handlers/reads.js';
import type { Severity } from '../../core/vocabulary.js';

export type AlertsCommand = {
  readonly verb: 'alerts';
  readonly severity?: Severity;
  readonly windowHours?: number;
};

export const alerts = declareVerb<AlertsCommand>()({
  word: 'alerts',
  aliases: [],
  parse: parseAlerts,
  role: 'viewer',
  approvable: false,
  usage: 'alerts [high|medium|low|informational] [<N>h]',
  summary: 'Recent alerts, newest first (window 1h to 720h).',
  examples: ['alerts', 'alerts high 24h'],
  runs: 'job',
  run: ({ defender, now }, command) => answerAlerts(defender, command, now),
  menu: { priority: 6, scopes: ['personal', 'team', 'groupChat'] },
});

function parseAlerts(args: ArgReader): ParseResultOf<AlertsCommand> {
  let severity: Severity | undefined;
  let windowHours: number | undefined;
  for (let read = args.next(); read !== undefined; read = args.next()) {
    if (!read.ok) return read;
    const word = read.token.value;
    const window = checkWindow(word);
    if (window && !window.ok) return window;
    if (window && windowHours === undefined) {
      windowHours = window.value;
      continue;
    }
    if (!window && severity === undefined) {
      const checked = checkSeverity(word);
      if (!checked.ok) return checked;
      severity = checked.value;
      continue;
    }
    return extraArguments(alerts);
  }
  return parsed({ verb: 'alerts', ...(severity && { severity }), ...(windowHours && { windowHours }) });
}
