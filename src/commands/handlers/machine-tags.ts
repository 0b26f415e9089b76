// `tag` and `untag`: add or remove one machine tag with `POST /api/machines/{id}/tags {Value, Action}`
// (mde-api-response.md section 3); the answer is the machine's card with the tags MDE returns.
import { unresolvedAnswer } from '../../cards/index.js';
import { machinePath, machineSchema, resolveMachine, type EndpointInfo } from '../../defender/index.js';
import {
  checkMachine,
  failure,
  missingMachine,
  type ArgReader,
  type Parsed,
  type VerbText,
} from '../args.js';
import type { JobAnswer, JobContext, VerbCommand } from '../declaration.js';
import { collapseWhitespace, excerpt, hasInvisibleOrControl } from '../text.js';
import { unquoteRest } from '../tokenize.js';
import { machineMessage } from './reads.js';

export type TagChange = 'Add' | 'Remove';

/** Registry (device) tags are capped at 200 characters; the API documents no limit of its own. */
export const MAX_TAG_LENGTH = 200;
/** The portal's tag filters break on these (mde-api-response.md section 3). */
const PORTAL_UNSAFE = /[,()]/;

const TAGS_ENDPOINT: EndpointInfo = {
  name: 'machines.tags',
  family: 'standard',
  appPermission: 'Machine.ReadWrite.All',
  userRole: 'Manage security settings',
};

/** Reads `<machine> <tag>`: the tag is the rest of the text (quotes optional), checked. */
export function readMachineAndTag(args: ArgReader, verb: VerbText): Parsed<{ machine: string; tag: string }> {
  const first = args.next();
  if (first === undefined) return missingMachine(verb);
  if (!first.ok) return first;
  const machine = checkMachine(first.token.value, verb);
  if (!machine.ok) return machine;
  const rest = unquoteRest(args.rest());
  if (!rest.ok) return rest;
  const tag = collapseWhitespace(rest.value);
  if (tag === '') return failure('MISSING_ARGUMENT', `Which tag? \`${verb.usage}\``);
  if (tag.length > MAX_TAG_LENGTH)
    return failure('INVALID_ARGUMENT', `A tag may have at most ${MAX_TAG_LENGTH} characters.`);
  if (hasInvisibleOrControl(tag) || PORTAL_UNSAFE.test(tag)) {
    return failure(
      'INVALID_ARGUMENT',
      `\`${excerpt(tag)}\` cannot be a tag: use letters, digits, spaces and punctuation other than , ( and ) (the portal's tag filters break on those).`,
    );
  }
  return { ok: true, value: { machine: machine.value, tag } };
}

/** Resolves the machine (never guessing), changes the tag, and answers with the machine's card. */
export async function changeTag(
  context: JobContext,
  command: VerbCommand & { machine: string },
  tag: string,
  change: TagChange,
): Promise<JobAnswer> {
  const { defender } = context;
  const resolution = await resolveMachine(defender, command.machine);
  if (resolution.kind !== 'one') {
    const pick = await context.pickFor?.(command, 'machine', resolution);
    return { message: unresolvedAnswer(resolution, pick)!, audience: 'requester' };
  }
  const machine = await defender.call({
    endpoint: TAGS_ENDPOINT,
    method: 'POST',
    path: `${machinePath(resolution.machine.id)}/tags`,
    body: { Value: tag, Action: change },
    schema: machineSchema,
    callClass: 'action',
  });
  const note = change === 'Add' ? `Tag “${tag}” added.` : `Tag “${tag}” removed.`;
  return { message: machineMessage(machine, note), audience: 'channel' };
}
