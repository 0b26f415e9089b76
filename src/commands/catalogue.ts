// The command list as data, for `help` and for the usage lines quoted in parse errors.
import { VERBS, VERB_ROLES, type RequiredRole, type Verb } from '../authz/index.js';

export interface VerbInfo {
  verb: Verb;
  /** One line, in the same notation as DESIGN.md: `<required>`, `[optional]`, `a|b`. */
  usage: string;
  summary: string;
  /** The least role that may run it (machine actions may also need an approval: see authz). */
  role: RequiredRole;
}

const DETAILS: Readonly<Record<Verb, { usage: string; summary: string }>> = {
  help: { usage: 'help [command]', summary: 'The commands you may run.' },
  whoami: {
    usage: 'whoami',
    summary: 'Your role, signed-in account and the token context the bot would use.',
  },
  machine: { usage: 'machine <name|id|ip>', summary: 'Show a machine: health, risk, exposure, last seen.' },
  alerts: {
    usage: 'alerts [high|medium|low|informational] [<N>h]',
    summary: 'Recent alerts, newest first (window 1h to 720h).',
  },
  actions: { usage: 'actions <machine>', summary: 'Recent machine actions on a machine and their status.' },
  status: { usage: 'status <actionId>', summary: 'The status of one machine action.' },
  scan: {
    usage: 'scan <machine> [quick|full] <reason>',
    summary: 'Run a Microsoft Defender Antivirus scan.',
  },
  collect: {
    usage: 'collect <machine> <reason>',
    summary: 'Collect an investigation package; a link when done.',
  },
  isolate: {
    usage: 'isolate <machine> [full|selective] <reason>',
    summary: 'Isolate a machine from the network.',
  },
  release: { usage: 'release <machine> <reason>', summary: 'Release a machine from isolation.' },
  restrict: {
    usage: 'restrict <machine> <reason>',
    summary: 'Allow only Microsoft-signed code to run.',
  },
  unrestrict: { usage: 'unrestrict <machine> <reason>', summary: 'Lift the app execution restriction.' },
  subscribe: {
    usage: 'subscribe [high|medium|low|informational]',
    summary: 'Post new alerts of this severity or higher to this channel.',
  },
  unsubscribe: { usage: 'unsubscribe', summary: 'Stop posting alerts to this channel.' },
  login: { usage: 'login', summary: 'Link your Microsoft Entra account, so actions run as you.' },
  logout: { usage: 'logout', summary: 'Unlink your Microsoft Entra account.' },
};

export const COMMAND_CATALOGUE: readonly VerbInfo[] = VERBS.map((verb) => ({
  verb,
  ...DETAILS[verb],
  role: VERB_ROLES[verb],
}));

export function usageOf(verb: Verb): string {
  return DETAILS[verb].usage;
}
