// The platform-free command grammar: parse chat text into a typed Command; the list for `help`.
export { parseCommand, stripLeadingNoise, HELP_HINT } from './parse.js';
export {
  APPROVABLE_VERBS,
  COMMAND_CATALOGUE,
  MACHINE_ACTION_VERBS,
  MAX_COMMANDS_PER_MENU,
  OPEN_VERBS,
  JOB_VERBS,
  RUN_TAGS,
  VERBS,
  VERBS_DECLARED,
  VERB_ROLES,
  allowedVerbs,
  authorizationOf,
  declarationFor,
  declarationOf,
  isRunTag,
  isVerb,
  machineActionOf,
  approvalTitleOf,
  approvedRunOf,
  refusalOf,
  runsAs,
  teamsMenus,
  usageOf,
} from './registry.js';
export type {
  ActionTarget,
  ImmediateVerb,
  MachineActionFacts,
  MachineActionVerb,
  JobVerb,
  AlertCards,
  JobAnswer,
  JobContext,
  RunTag,
  TeamsScope,
  Verb,
  VerbDeclaration,
  VerbInfo,
  VerbRunningAs,
} from './registry.js';
export { UnroutableCommandError, expectJob, expectMachineAction, routeCommand } from './routing.js';
export type { ImmediateCommand, RoutedCommand } from './routing.js';
export { editDistance, suggestVerb } from './suggest.js';
export { actionComment } from './mde-comment.js';
export type {
  ApprovalPort,
  ApprovedOutcome,
  ApprovedRun,
  ApprovedRunContext,
  IndicatorAction,
  IndicatorJobSettings,
} from './approvable.js';
export { checkCommentText, checkVerdictChoice } from './handlers/alert-triage.js';
export { isolateFromForm } from './verbs/isolate.js';
export { actionStatusCardOf, approvalCard } from './action-cards.js';
export { MAX_TEXT_LENGTH, MAX_MACHINE_LENGTH } from './text.js';
export { MAX_WINDOW_HOURS } from './args.js';
export type { CsvDelivery, HuntCsv, HuntingPort } from './hunting-port.js';
export type {
  Command,
  CommandOf,
  MachineActionCommand,
  MachineQuery,
  ParseError,
  ParseErrorCode,
  ParseResult,
  JobCommand,
} from './types.js';
export { allowedScripts, allowListed, scriptRefusal } from './live-response/allow-list.js';
