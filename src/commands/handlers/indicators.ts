// `block`, `unblock` and `indicators` (mde-api-response.md section 2). A block is checked before anyone
// is asked (the value's form at parse time; neverBlock, non-public addresses and the bot's own services
// here), an indicator MDE already has for the value is shown instead of a second one, and only then
// does the request wait for an approver. The approved run POSTs or DELETEs once and says what it did.
import { isIP } from 'node:net';
import { errorMessage } from '../../cards/index.js';
import { DEFAULT_EXPIRE_DAYS } from '../../config/index.js';
import {
  indicatorListMessage,
  indicatorOutcomeMessage,
  indicatorsMessage,
  indicatorRow,
} from '../../cards/presenters/indicators.js';
import { BotError } from '../../core/errors.js';
import {
  INDICATOR_KIND_NAMES,
  checkIndicatorValue,
  neverBlockHit,
  refusedByDefault,
  type IndicatorKind,
  type IndicatorValue,
} from '../../core/indicators.js';
import {
  INDICATOR_ID_PATTERN,
  MAX_LISTED_INDICATORS,
  MDE_INDICATOR_TYPE,
  blockActionFor,
  deleteIndicator,
  listIndicators,
  submitIndicator,
  type Indicator,
} from '../../defender/indicators.js';
import type { DefenderClient } from '../../defender/index.js';
import { ArgReader, failure, reasonFromRest, type Parsed, type VerbText } from '../args.js';
import type { ApprovedOutcome, ApprovedRunContext, IndicatorAction } from '../approvable.js';
import type { JobAnswer, JobContext } from '../declaration.js';
import { actionComment } from '../mde-comment.js';

/** `for <N>d` bounds; the RBAC file's indicators.expireDays has the same. */
export const MAX_BLOCK_DAYS = 365;
/** The most a look-up by id reads (MDE's $top limit). */
const ID_LOOKUP_TOP = 10_000;

/** Slack may send a link as `<https://…>` or `<https://…|label>`: the URL is what was meant. */
function unwrapLink(value: string): string {
  return /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/i.exec(value)?.[1] ?? value;
}

function readValue(args: ArgReader, verb: VerbText, what: string): Parsed<IndicatorValue> {
  const read = args.next();
  if (read === undefined) return failure('MISSING_ARGUMENT', `Which ${what}? \`${verb.usage}\``);
  if (!read.ok) return read;
  const check = checkIndicatorValue(unwrapLink(read.token.value));
  return check.ok ? { ok: true, value: check.indicator } : failure('INVALID_ARGUMENT', check.problem);
}

/** `block <value> [for <N>d] <reason>`. */
export function readBlock(
  args: ArgReader,
  verb: VerbText,
): Parsed<{ value: string; kind: IndicatorKind; days: number | undefined; reason: string }> {
  const value = readValue(args, verb, 'value');
  if (!value.ok) return value;
  let days: number | undefined;
  let reasonArgs = args;
  const word = args.peek();
  if (word?.ok && !word.token.quoted && word.token.value.toLowerCase() === 'for') {
    args.next();
    const next = args.peek();
    const match = next?.ok ? /^(\d+)(d?)$/i.exec(next.token.value) : null;
    if (match) {
      args.next();
      days = Number(match[1]);
      if (match[2] === '')
        return failure('INVALID_ARGUMENT', `Write the expiry in days with a d, e.g. \`for ${days}d\`.`);
      if (days < 1 || days > MAX_BLOCK_DAYS)
        return failure('INVALID_ARGUMENT', `The expiry must be from 1d to ${MAX_BLOCK_DAYS}d.`);
    } else {
      // "for" began the reason ("block evil.example for phishing").
      reasonArgs = new ArgReader(`for ${args.rest()}`, 0, args.verbs);
    }
  }
  const reason = reasonFromRest(reasonArgs, verb);
  if (!reason.ok) return reason;
  return { ok: true, value: { ...value.value, days, reason: reason.value } };
}

/** `unblock <value|indicatorId> <reason>`: an all-digit word is an MDE indicator id. */
export function readUnblock(
  args: ArgReader,
  verb: VerbText,
): Parsed<{ value: string; kind: IndicatorKind | 'id'; reason: string }> {
  const first = args.peek();
  let target: { value: string; kind: IndicatorKind | 'id' };
  if (first?.ok && INDICATOR_ID_PATTERN.test(first.token.value)) {
    args.next();
    target = { value: first.token.value, kind: 'id' };
  } else {
    const value = readValue(args, verb, 'value or indicator id');
    if (!value.ok) return value;
    target = value.value;
  }
  const reason = reasonFromRest(args, verb);
  return reason.ok ? { ok: true, value: { ...target, reason: reason.value } } : reason;
}

/** `indicators [<value>]`. */
export function readIndicatorQuery(args: ArgReader, verb: VerbText): Parsed<IndicatorValue | undefined> {
  if (args.atEnd()) return { ok: true, value: undefined };
  const value = readValue(args, verb, 'value');
  if (!value.ok) return value;
  if (!args.atEnd())
    return failure('EXTRA_ARGUMENT', `Too many words for \`${verb.word}\`. Usage: \`${verb.usage}\``);
  return value;
}

const toRequester = (title: string, text: string, hint?: string): JobAnswer => ({
  message: errorMessage(title, text, hint),
  audience: 'requester',
});

/** The indicators MDE has for this value and kind (its type), as MDE stores the value. */
async function existingFor(defender: DefenderClient, indicator: IndicatorValue): Promise<Indicator[]> {
  const type = MDE_INDICATOR_TYPE[indicator.kind];
  const found = await listIndicators(defender, indicator.value);
  return found.filter(
    (candidate) =>
      candidate.indicatorType === type &&
      candidate.indicatorValue.toLowerCase() === indicator.value.toLowerCase(),
  );
}

export async function requestBlock(
  context: JobContext,
  command: { value: string; kind: IndicatorKind; days: number | undefined; reason: string },
): Promise<JobAnswer> {
  const settings = context.indicators;
  if (!settings) return toRequester('Not available', 'Blocking is not configured on this bot.');
  const indicator: IndicatorValue = { value: command.value, kind: command.kind };
  const listed = neverBlockHit(indicator, settings.neverBlock);
  if (listed)
    return toRequester(
      'Not blocked',
      `${indicator.value} is covered by the neverBlock entry “${listed.entry}” in the RBAC file, so it cannot be blocked from chat. Nothing was requested.`,
    );
  const protectedReason = refusedByDefault(indicator, settings.upstreamHosts);
  if (protectedReason)
    return toRequester('Not blocked', `Refused: ${protectedReason}. Nothing was requested.`);

  const existing = await existingFor(context.defender, indicator);
  if (existing.length > 0) return { message: alreadyThere(indicator, existing), audience: 'channel' };
  const action: IndicatorAction = {
    verb: 'block',
    indicator: {
      value: indicator.value,
      kind: indicator.kind,
      expireDays: command.days ?? settings.expireDays,
    },
    reason: command.reason,
  };
  return requestOrRun(context, action);
}

function alreadyThere(indicator: IndicatorValue, existing: Indicator[]) {
  return indicatorsMessage(
    {
      heading: `Already in Defender: ${indicator.value}`,
      status: 'Already blocked',
      note: `Defender already has an indicator for this ${INDICATOR_KIND_NAMES[indicator.kind]}; nothing new was requested. Change or remove it with unblock, or in the portal.`,
      indicators: existing.map(indicatorRow),
    },
    `Defender already has an indicator for ${indicator.value} (id ${existing.map((i) => i.id).join(', ')}); nothing new was requested.`,
  );
}

/**
 * Asks for an approval when RBAC says so (the approval card, posted where the command was typed, is
 * the answer); otherwise runs it now for the requester.
 */
async function requestOrRun(context: JobContext, action: IndicatorAction): Promise<JobAnswer> {
  if (context.approval?.needed) {
    await context.approval.request(action);
    return { audience: 'none' };
  }
  const outcome = await runIndicatorAction(
    { defender: context.defender, requester: context.actor, approver: undefined, now: context.now },
    action,
  );
  return { message: outcome.message, audience: 'channel' };
}

const KIND_OF_TYPE: Readonly<Record<string, IndicatorKind | 'ip'>> = {
  FileSha1: 'sha1',
  FileSha256: 'sha256',
  FileMd5: 'md5',
  IpAddress: 'ip',
  DomainName: 'domain',
  Url: 'url',
};

export async function requestUnblock(
  context: JobContext,
  command: { value: string; kind: IndicatorKind | 'id'; reason: string },
): Promise<JobAnswer> {
  const { defender } = context;
  const { value, kind: typed } = command;
  const found =
    typed === 'id'
      ? (await listIndicators(defender, undefined, ID_LOOKUP_TOP)).filter((i) => i.id === value)
      : await existingFor(defender, { value, kind: typed });
  const asked = typed === 'id' ? `id ${value}` : value;
  if (found.length === 0)
    return toRequester(
      'Nothing to unblock',
      `Defender has no indicator for ${asked}. Nothing was requested.`,
    );
  const indicator = found[0]!;
  const kind = KIND_OF_TYPE[indicator.indicatorType];
  if (found.length > 1 || kind === undefined)
    return toRequester(
      'Not unblocked',
      kind === undefined
        ? `Indicator ${indicator.id} is a ${indicator.indicatorType} indicator, which the bot does not manage; remove it in the portal.`
        : `Several indicators match ${asked}; unblock one by its id.`,
    );
  const action: IndicatorAction = {
    verb: 'unblock',
    indicator: {
      value: indicator.indicatorValue,
      kind: kind === 'ip' ? (isIP(indicator.indicatorValue) === 6 ? 'ipv6' : 'ipv4') : kind,
      id: indicator.id,
    },
    reason: command.reason,
  };
  return requestOrRun(context, action);
}

export async function listForChat(context: JobContext, value: string | undefined): Promise<JobAnswer> {
  const found = await listIndicators(context.defender, value, MAX_LISTED_INDICATORS);
  return { message: indicatorListMessage(found, value, MAX_LISTED_INDICATORS), audience: 'channel' };
}

/** Days after `now` as MDE's expirationTime (whole seconds, UTC). */
function expiryAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const MAX_TITLE_VALUE = 100;

/**
 * The approved (or approval-free) block or unblock: one POST, or one DELETE. A block whose value MDE
 * has meanwhile got an indicator for shows that one instead; an unblock of an indicator already gone
 * says so. Either way the approval is settled with an id, so a re-run never acts twice.
 */
export async function runIndicatorAction(
  context: ApprovedRunContext,
  action: IndicatorAction,
): Promise<ApprovedOutcome> {
  const people = { requester: context.requester, approver: context.approver, reason: action.reason };
  const { indicator } = action;
  if (action.verb === 'unblock') {
    const id = indicator.id;
    if (id === undefined) throw new BotError('INVALID_INPUT', 'This unblock request names no indicator id.');
    let status: 'Removed' | 'Already removed' = 'Removed';
    try {
      await deleteIndicator(context.defender, id);
    } catch (error) {
      if (!(error instanceof BotError) || error.code !== 'NOT_FOUND') throw error;
      status = 'Already removed';
    }
    const note = status === 'Removed' ? `Indicator ${id} was deleted.` : `Indicator ${id} was already gone.`;
    return {
      outcomeId: id,
      message: indicatorOutcomeMessage(
        { verb: 'unblock', status, value: indicator.value, indicators: [], note },
        people,
      ),
    };
  }
  const value: IndicatorValue = { kind: indicator.kind, value: indicator.value };
  const existing = await existingFor(context.defender, value);
  if (existing.length > 0)
    return {
      outcomeId: existing[0]!.id,
      message: indicatorOutcomeMessage(
        {
          verb: 'block',
          status: 'Already blocked',
          value: indicator.value,
          indicators: existing,
          note: 'Defender already had an indicator for this value; no second one was made.',
        },
        people,
      ),
    };
  const shown =
    indicator.value.length > MAX_TITLE_VALUE
      ? `${indicator.value.slice(0, MAX_TITLE_VALUE - 1)}…`
      : indicator.value;
  const created = await submitIndicator(context.defender, {
    indicatorValue: indicator.value,
    indicatorType: MDE_INDICATOR_TYPE[indicator.kind],
    action: blockActionFor(indicator.kind),
    title: `Blocked from chat: ${shown}`,
    description: actionComment(action.reason, context.requester, context.approver),
    severity: 'High',
    expirationTime: expiryAfter(context.now, indicator.expireDays ?? DEFAULT_EXPIRE_DAYS),
    generateAlert: true,
  });
  return {
    outcomeId: created.id,
    message: indicatorOutcomeMessage(
      {
        verb: 'block',
        status: 'Created',
        value: indicator.value,
        indicators: [created],
        note: 'Devices pick it up within minutes for files and up to a few hours for network indicators.',
      },
      people,
    ),
  };
}
