// HUNTS_FILE: the named hunts (name, description, KQL with typed `{parameters}`, the least role that
// may run it), checked once at start. Every problem names the file, the hunt and what to fix.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  bindArgument,
  HUNT_PARAM_TYPES,
  isHuntParamType,
  PLACEHOLDER,
  type HuntParamType,
} from '../core/hunting.js';
import { deepFreeze } from './freeze.js';
import type { ChatRole } from './types.js';

export interface HuntParameter {
  name: string;
  type: HuntParamType;
  /** Used when the person leaves the argument out (only trailing arguments may have one). */
  default?: string | undefined;
}

export interface HuntDefinition {
  name: string;
  description: string;
  kql: string;
  /** In the order the arguments are typed. */
  parameters: readonly HuntParameter[];
  role: ChatRole;
}

export type HuntCatalogue = readonly HuntDefinition[];

/** Words `hunt` keeps for itself. */
const RESERVED = new Set(['kql']);
const ROLES = ['viewer', 'responder', 'approver', 'admin'] as const;

/** `machine`, `hours=24`, `target:ip`, `since:hours=24`: a name, its type (default: the name) and a default. */
const parameterText = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(?::[a-z0-9]+)?(?:=\S+)?$/,
    'must be name, name:type or name:type=default (e.g. machine, hours=24, target:ip)',
  );

const parameterObject = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a word'),
  type: z.string().optional(),
  default: z.union([z.string(), z.number()]).optional(),
});

const huntSchema = z.strictObject({
  name: z
    .string('must be a word such as process-launches')
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and hyphens (at most 40)'),
  description: z.string('must say in one line what the hunt finds').trim().min(1).max(200),
  kql: z.string('must be the KQL text').trim().min(1).max(10_000),
  parameters: z.array(z.union([parameterText, parameterObject])).default([]),
  role: z.enum(ROLES, `must be one of ${ROLES.join(', ')}`).default('viewer'),
});

const fileSchema = z.strictObject(
  { hunts: z.array(huntSchema, 'must be a list of hunts').min(1, 'must list at least one hunt') },
  'must be a YAML mapping with a hunts: list',
);

function toParameter(raw: z.infer<typeof parameterText> | z.infer<typeof parameterObject>) {
  if (typeof raw !== 'string')
    return { name: raw.name, type: raw.type ?? raw.name, default: raw.default?.toString() };
  const [head = '', defaultValue] = raw.split('=', 2);
  const [name = '', type] = head.split(':', 2);
  return { name, type: type ?? name, default: defaultValue };
}

/** What is wrong with one hunt beyond its shape: placeholders, types, defaults, their order. */
function huntProblems(hunt: z.infer<typeof huntSchema>): { parameters: HuntParameter[]; problems: string[] } {
  const problems: string[] = [];
  const parameters: HuntParameter[] = [];
  for (const raw of hunt.parameters) {
    const { name, type, default: fallback } = toParameter(raw);
    if (!isHuntParamType(type)) {
      problems.push(`parameter ${name}: unknown type ${type} — use one of ${HUNT_PARAM_TYPES.join(', ')}`);
      continue;
    }
    if (parameters.some((p) => p.name === name)) problems.push(`parameter ${name} is declared twice`);
    if (fallback !== undefined) {
      const bound = bindArgument(type, fallback);
      if (!bound.ok) problems.push(`parameter ${name}: the default ${fallback} ${bound.problem}`);
    } else if (parameters.some((p) => p.default !== undefined)) {
      problems.push(`parameter ${name} needs a default: it follows a parameter that has one`);
    }
    parameters.push({ name, type, ...(fallback === undefined ? {} : { default: fallback }) });
  }
  const used = new Set([...hunt.kql.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''));
  for (const name of used)
    if (!parameters.some((p) => p.name === name))
      problems.push(`the KQL uses {${name}}, which is not in parameters — declare it (e.g. ${name}:text)`);
  for (const parameter of parameters)
    if (!used.has(parameter.name))
      problems.push(`parameter ${parameter.name} is never used as {${parameter.name}} in the KQL`);
  if (RESERVED.has(hunt.name)) problems.push(`the name ${hunt.name} is reserved (hunt kql runs free KQL)`);
  return { parameters, problems };
}

/** Reads and checks HUNTS_FILE; every problem names the file and the hunt. */
export function loadHuntsFile(path: string): { hunts: HuntCatalogue; problems: string[] } {
  const where = `HUNTS_FILE (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      hunts: [],
      problems: [
        `HUNTS_FILE: cannot read ${path} (${reason}) — point HUNTS_FILE to a readable YAML file, or unset it`,
      ],
    };
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0)
    return {
      hunts: [],
      problems: document.errors.map(
        (e) => `${where}: ${e.message.split('\n')[0] ?? 'invalid YAML'} — fix the YAML syntax`,
      ),
    };
  return parseHunts(document.toJS(), where);
}

/** Checks an already-parsed hunts document (tests and the loader). */
export function parseHunts(
  value: unknown,
  where = 'HUNTS_FILE',
): { hunts: HuntCatalogue; problems: string[] } {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [, index, ...rest] = issue.path;
      const hunts = (value as { hunts?: { name?: unknown }[] } | null)?.hunts;
      const name = typeof index === 'number' ? hunts?.[index]?.name : undefined;
      const at =
        typeof index === 'number' ? `hunt ${typeof name === 'string' ? name : `#${index + 1}`}` : 'hunts';
      const field = rest.map(String).join('.');
      return `${where} ${at}${field ? ` ${field}` : ''}: ${issue.message}`;
    });
    return { hunts: [], problems };
  }
  const problems: string[] = [];
  const hunts: HuntDefinition[] = [];
  for (const hunt of parsed.data.hunts) {
    const checked = huntProblems(hunt);
    problems.push(...checked.problems.map((problem) => `${where} hunt ${hunt.name}: ${problem}`));
    if (hunts.some((h) => h.name === hunt.name))
      problems.push(`${where} hunt ${hunt.name}: the name is used twice`);
    hunts.push({
      name: hunt.name,
      description: hunt.description,
      kql: hunt.kql,
      parameters: checked.parameters,
      role: hunt.role,
    });
  }
  return { hunts: problems.length > 0 ? [] : deepFreeze(hunts), problems };
}
