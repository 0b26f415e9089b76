// Request bodies, validated with zod. Machine actions and hunting take MDE's documented casing strictly
// (`Comment`, not `comment`); the alert PATCH is lenient, as MDE's own example is lowercase.
import { z } from 'zod';
import { badRequest } from './errors.js';

export const ISOLATION_TYPES = ['Full', 'Selective', 'UnManagedDevice'] as const;
export const SCAN_TYPES = ['Quick', 'Full'] as const;

const comment = z.string().trim().min(1);

export const commentOnlyBody = z.object({ Comment: comment });
export const isolateBody = z.object({ Comment: comment, IsolationType: z.enum(ISOLATION_TYPES).optional() });
export const scanBody = z.object({ Comment: comment, ScanType: z.enum(SCAN_TYPES) });
export const huntingBody = z.object({ Query: z.string().trim().min(1) });

/** Parses a strictly-cased body, mapping zod's first complaint to MDE's error codes. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('InvalidRequestBody', 'Request body is incorrect');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const given: unknown = (body as Record<string, unknown>)[key];
  if (given === undefined || given === null || (typeof given === 'string' && given.trim() === '')) {
    throw badRequest('MissingRequiredParameter', `Parameter ${key} is missing`);
  }
  throw badRequest('InvalidInput', `Invalid input ${key}: ${JSON.stringify(given)}`);
}

const DETERMINATIONS = [
  'MultiStagedAttack',
  'MaliciousUserActivity',
  'CompromisedUser',
  'Malware',
  'Phishing',
  'UnwantedSoftware',
  'Other',
  'SecurityTesting',
  'LineOfBusinessApplication',
  'ConfirmedUserActivity',
  'ConfirmedActivity',
  'Clean',
  'NotMalicious',
  'InsufficientData',
] as const;

/**
 * Which determinations go with which classification (alerts.md; the variant spellings other MDE pages
 * use are accepted too). MDE's acceptance of other pairs is unverified; the simulator refuses them.
 */
const DETERMINATIONS_OF: Readonly<Record<string, readonly string[]>> = {
  TruePositive: [
    'MultiStagedAttack',
    'MaliciousUserActivity',
    'CompromisedUser',
    'Malware',
    'Phishing',
    'UnwantedSoftware',
    'Other',
  ],
  InformationalExpectedActivity: [
    'SecurityTesting',
    'LineOfBusinessApplication',
    'ConfirmedUserActivity',
    'ConfirmedActivity',
    'Other',
  ],
  FalsePositive: ['Clean', 'NotMalicious', 'InsufficientData', 'Other'],
};

/** Refuses a determination that does not go with the classification it would end up with. */
export function checkTriagePair(
  classification: string | null,
  determination: string | null | undefined,
): void {
  if (!determination || !classification) return;
  if (DETERMINATIONS_OF[classification]?.includes(determination)) return;
  throw badRequest(
    'InvalidInput',
    `Determination ${determination} is not valid for classification ${classification}`,
  );
}

const alertPatch = z.object({
  status: z.enum(['New', 'InProgress', 'Resolved']).optional(),
  assignedto: z.string().nullable().optional(),
  classification: z
    .enum(['TruePositive', 'InformationalExpectedActivity', 'FalsePositive'])
    .nullable()
    .optional(),
  determination: z.enum(DETERMINATIONS).nullable().optional(),
  comment: z.string().min(1).optional(),
});

export interface AlertPatch {
  status?: 'New' | 'InProgress' | 'Resolved' | undefined;
  assignedTo?: string | null | undefined;
  classification?: string | null | undefined;
  determination?: string | null | undefined;
  comment?: string | undefined;
}

export function parseAlertPatch(body: unknown): AlertPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('InvalidRequestBody', 'Request body is incorrect');
  }
  const lowered = Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key.toLowerCase(), value as unknown]),
  );
  const result = alertPatch.safeParse(lowered);
  if (!result.success) {
    const key = String(result.error.issues[0]?.path[0] ?? '');
    throw badRequest('InvalidInput', `Invalid input ${key}: ${JSON.stringify(lowered[key])}`);
  }
  const { assignedto, ...rest } = result.data;
  return { ...rest, ...(assignedto === undefined ? {} : { assignedTo: assignedto }) };
}
