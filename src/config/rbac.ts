// The RBAC file (DESIGN.md section 3) as a strict zod schema: unknown keys are errors, because a
// typo such as "responders:" would otherwise silently grant nothing.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { identityProblem } from './identity.js';
import { closest } from './suggest.js';
import { parseNeverBlockEntry, type NeverBlockEntry } from '../core/indicators.js';
import type { RbacConfig } from './types.js';

const identity = z.string('must be an identity string').superRefine((value, ctx) => {
  const problem = identityProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const identities = z
  .array(identity, 'must be a list of identities, e.g. ["slack:U024BE7LH"]')
  .nullish()
  .transform((list) => [...new Set(list ?? [])]);

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['roles', 'userContext', 'approvals', 'neverBlock', 'indicators', 'liveResponse', 'hunting'],
  roles: ['viewer', 'responder', 'approver', 'admin'],
  approvals: ['ttlMinutes', 'actions'],
  indicators: ['expireDays'],
  liveResponse: ['scripts'],
  hunting: ['kqlRole'],
};

/** One `neverBlock` entry, checked and parsed; a bad one is a start-up error naming it. */
const neverBlockEntry = z
  .string('must be a domain, IP address, CIDR range or file hash in quotes')
  .transform((value, ctx): NeverBlockEntry => {
    const parsed = parseNeverBlockEntry(value);
    if (parsed.ok) return parsed.entry;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  });

/** `block` without `for <N>d`: the expiry of the indicator, in days. */
export const DEFAULT_EXPIRE_DAYS = 30;
export const MAX_EXPIRE_DAYS = 365;

/**
 * The RBAC file's schema; with `approvable` (the verbs the command registry declares approvable, which
 * this layer does not know) `approvals.actions` may name only those.
 */
/** The one wording for an `approvals.actions` entry the registry does not declare approvable. */
const notApprovable = (approvable: readonly string[]): string => `must be one of ${approvable.join(', ')}`;

export const rbacSchemaFor = (approvable?: readonly string[]) =>
  z.strictObject(
    {
      roles: z.strictObject(
        { viewer: identities, responder: identities, approver: identities, admin: identities },
        'missing — add a roles: mapping with viewer/responder/approver/admin lists',
      ),
      userContext: z
        .enum(['optional', 'required', 'off'], 'must be optional, required or off')
        .default('optional'),
      approvals: z
        .strictObject(
          {
            ttlMinutes: z
              .number('must be a number')
              .int('must be a whole number')
              .min(1, 'must be from 1 to 10080 minutes')
              .max(10_080, 'must be from 1 to 10080 minutes')
              .default(60),
            // Command words; which of them may wait for an approval is the command registry's to say,
            // and the process's root checks them against it (approvalActionProblems). Absent: all of them.
            actions: z
              .array(
                z
                  .string('must be a command word, e.g. isolate')
                  .trim()
                  .toLowerCase()
                  .regex(/^[a-z]{1,32}$/, 'must be a command word, e.g. isolate')
                  .refine((word) => approvable?.includes(word) ?? true, {
                    message: notApprovable(approvable ?? []),
                  }),
                'must be a list of actions',
              )
              .optional(),
          },
          'must be a mapping with ttlMinutes: and actions:',
        )
        .prefault({}),
      neverBlock: z.array(neverBlockEntry, 'must be a list, e.g. ["contoso.com", "10.0.0.0/8"]').optional(),
      indicators: z
        .strictObject(
          {
            expireDays: z
              .number('must be a number of days')
              .int('must be a whole number of days')
              .min(1, `must be from 1 to ${MAX_EXPIRE_DAYS} days`)
              .max(MAX_EXPIRE_DAYS, `must be from 1 to ${MAX_EXPIRE_DAYS} days`)
              .default(DEFAULT_EXPIRE_DAYS),
          },
          'must be a mapping with expireDays:',
        )
        .optional(),
      liveResponse: z
        .strictObject(
          {
            // Library file names as MDE allows them (letters, digits, -, _ and .): the only scripts `run` may start.
            scripts: z
              .array(
                z
                  .string('must be a library file name, e.g. collect-logs.ps1')
                  .trim()
                  .regex(
                    /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/,
                    'must be a library file name (letters, digits, -, _ and . only), e.g. collect-logs.ps1',
                  ),
                'must be a list of library script names, e.g. ["collect-logs.ps1"]',
              )
              .transform((names) => [...new Set(names)])
              .default([]),
          },
          'must be a mapping with scripts:',
        )
        .optional(),
      hunting: z
        .strictObject(
          {
            kqlRole: z
              .enum(
                ['viewer', 'responder', 'approver', 'admin'],
                'must be viewer, responder, approver or admin',
              )
              .default('responder'),
          },
          'must be a mapping with kqlRole:',
        )
        .optional(),
    },
    'must be a YAML mapping with roles:, userContext:, approvals:, neverBlock:, indicators:, liveResponse: and hunting:',
  );

export const rbacSchema = rbacSchemaFor();

export const EMPTY_RBAC: RbacConfig = deepFreeze({
  roles: { viewer: [], responder: [], approver: [], admin: [] },
  userContext: 'optional',
  approvals: { ttlMinutes: 60 },
});

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );
}

function issueLines(issue: z.core.$ZodIssue): { path: string; message: string }[] {
  const at = formatPath(issue.path);
  if (issue.code !== 'unrecognized_keys') return [{ path: at || '(top level)', message: issue.message }];
  const known = KNOWN_KEYS[at] ?? [];
  return issue.keys.map((key) => {
    const guess = closest(key, known);
    const hint = guess ? `did you mean ${guess}? ` : '';
    return {
      path: at ? `${at}.${key}` : key,
      message: `unknown key — ${hint}allowed here: ${known.join(', ')}`,
    };
  });
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Reads and validates the RBAC file; problems name the file and the YAML path. */
export function loadRbacFile(
  path: string,
  approvable?: readonly string[],
): { rbac: RbacConfig; problems: string[] } {
  const where = `RBAC_FILE (${path})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      rbac: EMPTY_RBAC,
      problems: [
        `RBAC_FILE: cannot read ${path} (${reason}) — point RBAC_FILE to a readable YAML file, or unset it (then nobody has any role)`,
      ],
    };
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map(
      (e) =>
        `${where} line ${lineOf(text, e.pos[0])}: ${e.message.split('\n')[0] ?? 'invalid YAML'} — fix the YAML syntax`,
    );
    return { rbac: EMPTY_RBAC, problems };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) {
    return {
      rbac: EMPTY_RBAC,
      problems: [`${where}: the file is empty — add a roles: mapping (see DESIGN.md, RBAC file)`],
    };
  }
  const parsed = rbacSchemaFor(approvable).safeParse(value);
  if (parsed.success) return { rbac: parsed.data, problems: [] };
  const problems = parsed.error.issues
    .flatMap(issueLines)
    .map(({ path: at, message }) => `${where} ${at}: ${message}`);
  return { rbac: EMPTY_RBAC, problems };
}

/**
 * What is wrong with `approvals.actions` against `approvable`, the verbs the command registry declares
 * approvable: this layer does not know the registry, so the process's root passes its list.
 */
export function approvalActionProblems(
  rbac: RbacConfig,
  approvable: readonly string[],
  rbacFile: string | undefined,
): string[] {
  const where = rbacFile ? `RBAC_FILE (${rbacFile})` : 'RBAC_FILE';
  return (rbac.approvals.actions ?? []).flatMap((action, index) =>
    approvable.includes(action) ? [] : [`${where} approvals.actions[${index}]: ${notApprovable(approvable)}`],
  );
}
