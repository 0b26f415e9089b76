// Alert triage: one alert's card (`alert`), and the one PATCH /api/alerts/{id} behind each of `assign`,
// `resolve` and `comment` (mde-api-response.md section 1), whether typed or clicked on an alert card.
// Values are checked against MDE's documented enums before any call; the comment MDE keeps names the
// chat person and platform; afterwards every card showing the alert is redrawn in its new state.
import { alertMessage, errorMessage } from '../../cards/index.js';
import type { ChatUser, MessageRef } from '../../core/interaction.js';
import {
  ALERT_CLASSIFICATIONS,
  ALERT_ID_PATTERN,
  DETERMINATIONS,
  TRIAGE_LABELS,
  canonicalDetermination,
  isValidPair,
  updateAlert,
  type Alert,
  type AlertClassification,
  type AlertUpdate,
} from '../../defender/index.js';
import { failure, type ArgReader, type Parsed, type VerbText } from '../args.js';
import type { JobAnswer, JobContext } from '../declaration.js';
import { authoredComment } from '../mde-comment.js';
import { collapseWhitespace, excerpt, hasUnsafeTextChars } from '../text.js';
import { unquoteRest } from '../tokenize.js';

/** Whom `assign` names: the person asking (their verified address) or an address they typed. */
export type AlertAssignee = { readonly kind: 'me' } | { readonly kind: 'email'; readonly email: string };

/** What a person may write into an alert comment; the signature naming them takes the rest of MDE's 1000. */
export const MAX_ALERT_COMMENT = 900;

/** The classification words of the grammar (DESIGN.md section 3), and MDE's own names in any case. */
const CLASSIFICATION_WORDS: Readonly<Record<string, AlertClassification>> = {
  truepositive: 'TruePositive',
  tp: 'TruePositive',
  falsepositive: 'FalsePositive',
  fp: 'FalsePositive',
  expected: 'InformationalExpectedActivity',
  informationalexpectedactivity: 'InformationalExpectedActivity',
};

const EMAIL = /^[^\s@<>"'`,;()]+@[^\s@<>"'`,;()]+\.[^\s@<>"'`,;()]+$/;
const MAX_EMAIL = 254;

export function checkAlertId(value: string, verb: VerbText): Parsed<string> {
  if (ALERT_ID_PATTERN.test(value)) return { ok: true, value };
  return failure(
    'INVALID_ARGUMENT',
    `\`${excerpt(value)}\` is not an alert id. Alert ids look like \`da637551227677560813_-961444813\`: \`${verb.usage}\``,
  );
}

export function readAlertId(args: ArgReader, verb: VerbText): Parsed<string> {
  const read = args.next();
  if (read === undefined) return failure('MISSING_ARGUMENT', `Which alert? \`${verb.usage}\``);
  if (!read.ok) return read;
  return checkAlertId(read.token.value, verb);
}

export function checkEmail(value: string, verb: VerbText): Parsed<string> {
  if (value.length <= MAX_EMAIL && EMAIL.test(value)) return { ok: true, value: value.toLowerCase() };
  return failure(
    'INVALID_ARGUMENT',
    `\`${excerpt(value)}\` is not an email address. Write \`me\` or an address: \`${verb.usage}\``,
  );
}

const classificationWords = 'truepositive (tp), falsepositive (fp) or expected';

export function checkClassification(word: string, verb: VerbText): Parsed<AlertClassification> {
  const classification = CLASSIFICATION_WORDS[word.toLowerCase()];
  if (classification) return { ok: true, value: classification };
  return failure(
    'INVALID_ARGUMENT',
    `\`${excerpt(word)}\` is not a classification. Use ${classificationWords}: \`${verb.usage}\``,
  );
}

/** The refusal of a determination that does not go with the classification, naming those that do. */
export function pairRefusal(classification: AlertClassification, determination: string) {
  const valid = DETERMINATIONS[classification].map((d) => `${d} (${TRIAGE_LABELS[d] ?? d})`).join(', ');
  return failure(
    'INVALID_ARGUMENT',
    `${TRIAGE_LABELS[determination] ?? determination} is not a determination of ${TRIAGE_LABELS[classification]}. Use one of: ${valid}.`,
  );
}

/** A card's verdict choice, "<Classification>:<Determination>", checked as if typed. */
export function checkVerdictChoice(
  value: string,
): Parsed<{ classification: AlertClassification; determination: string }> {
  const [first = '', second = '', ...more] = value.split(':');
  const classification = ALERT_CLASSIFICATIONS.find((c) => c === first);
  const determination = canonicalDetermination(second);
  if (!classification || !determination || more.length > 0)
    return failure('INVALID_ARGUMENT', 'Choose a classification and determination from the list.');
  if (!isValidPair(classification, determination)) return pairRefusal(classification, determination);
  return { ok: true, value: { classification, determination } };
}

/** A comment's text: whitespace collapsed, not empty, no control characters, within the limit. */
export function checkCommentText(value: string, verb: VerbText, what = 'A comment'): Parsed<string> {
  const text = collapseWhitespace(value);
  if (text === '') return failure('MISSING_ARGUMENT', `${what} is required: \`${verb.usage}\``);
  if (hasUnsafeTextChars(text))
    return failure(
      'INVALID_ARGUMENT',
      'The comment contains control characters. Type it again as plain text.',
    );
  if (text.length > MAX_ALERT_COMMENT)
    return failure('INVALID_ARGUMENT', `A comment may have at most ${MAX_ALERT_COMMENT} characters.`);
  return { ok: true, value: text };
}

export function commentFromRest(args: ArgReader, verb: VerbText, what?: string): Parsed<string> {
  const rest = unquoteRest(args.rest());
  return rest.ok ? checkCommentText(rest.value, verb, what) : rest;
}

/**
 * Reads `<classification> [<determination>] <comment>`. A word after the classification that names a
 * determination is one: of this classification it is taken, of another it is refused with the valid ones.
 */
export function readVerdict(
  args: ArgReader,
  verb: VerbText,
): Parsed<{ classification: AlertClassification; determination?: string; comment: string }> {
  const first = args.next();
  if (first === undefined)
    return failure('MISSING_ARGUMENT', `How was it? Use ${classificationWords}: \`${verb.usage}\``);
  if (!first.ok) return first;
  const classification = checkClassification(first.token.value, verb);
  if (!classification.ok) return classification;
  const next = args.peek();
  const determination = next?.ok ? canonicalDetermination(next.token.value) : undefined;
  if (determination !== undefined) {
    if (!isValidPair(classification.value, determination))
      return pairRefusal(classification.value, determination);
    args.next();
  }
  const comment = commentFromRest(args, verb);
  if (!comment.ok) return comment;
  return {
    ok: true,
    value: {
      classification: classification.value,
      ...(determination === undefined ? {} : { determination }),
      comment: comment.value,
    },
  };
}

/** `alert <id>`: the alert's card with its evidence and comments; later changes update it in place. */
export async function showAlert(context: JobContext, alertId: string): Promise<JobAnswer> {
  const alert = await context.defender.getAlert(alertId);
  return { message: alertMessage(alert), audience: 'channel', showsAlert: alert };
}

/** The address Defender records as the assignee when a person says "me": verified by their platform. */
export function ownAddress(actor: ChatUser): string | undefined {
  return actor.email ?? actor.userPrincipalName;
}

export function assigneeAddress(actor: ChatUser, assignee: AlertAssignee): string | undefined {
  return assignee.kind === 'email' ? assignee.email : ownAddress(actor);
}

/**
 * Sends one PATCH, then redraws every card of the alert. Typed: the new card is the answer. Clicked:
 * the clicked card is one of those redrawn, so nothing else is said.
 */
export async function changeAlert(
  context: JobContext,
  alertId: string,
  update: AlertUpdate,
  clicked: MessageRef | undefined,
): Promise<JobAnswer> {
  const alert: Alert = await updateAlert(context.defender, alertId, update);
  await context.alertCards.refresh(alert, clicked);
  if (clicked) return { audience: 'none' };
  return { message: alertMessage(alert), audience: 'channel', showsAlert: alert };
}

/** `assign`: the assignee, and a comment saying who assigned it from which chat. */
export function assignUpdate(actor: ChatUser, address: string): AlertUpdate {
  return { assignedTo: address, comment: authoredComment(`Assigned to ${address}`, actor) };
}

export function resolveUpdate(
  actor: ChatUser,
  verdict: { classification: AlertClassification; determination?: string | undefined; comment: string },
): AlertUpdate {
  return {
    status: 'Resolved',
    classification: verdict.classification,
    ...(verdict.determination === undefined ? {} : { determination: verdict.determination }),
    comment: authoredComment(verdict.comment, actor),
  };
}

export function commentUpdate(actor: ChatUser, text: string): AlertUpdate {
  return { comment: authoredComment(text, actor) };
}

/** "Assign to me" by someone whose platform gave no address: Defender needs one. */
export function noOwnAddress(actor: ChatUser, usage: string): JobAnswer {
  const why =
    actor.directory === 'unavailable'
      ? 'The chat platform did not answer when asked for your email address; try again in a minute'
      : 'Your chat account has no email address the bot could verify';
  return {
    message: errorMessage(
      'Cannot assign to you',
      `${why}. Defender assigns alerts to an address: name one with \`${usage}\`.`,
    ),
    audience: 'requester',
  };
}
