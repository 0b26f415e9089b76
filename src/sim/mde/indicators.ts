// The simulator's custom indicators (mde-api-response.md section 2): the stored entity, MDE's
// validation of a submission (value per type, action per type, the 15,000 cap) and who sees which.
import { isIP } from 'node:net';
import { z } from 'zod';
import { badRequest, type MdeError } from './errors.js';
import type { Caller } from './permissions.js';

export const SIM_INDICATOR_TYPES = [
  'FileSha1',
  'FileSha256',
  'FileMd5',
  'CertificateThumbprint',
  'IpAddress',
  'DomainName',
  'Url',
] as const;
export type SimIndicatorType = (typeof SIM_INDICATOR_TYPES)[number];
/** The five current actions; `Alert` and `AlertAndBlock` were retired in January 2022. */
export const SIM_INDICATOR_ACTIONS = ['Allowed', 'Audit', 'Warn', 'Block', 'BlockAndRemediate'] as const;

/** Active indicators per tenant, with no increase possible. */
export const MAX_INDICATORS = 15_000;

export interface SimIndicator {
  id: string;
  indicatorValue: string;
  indicatorType: SimIndicatorType;
  action: (typeof SIM_INDICATOR_ACTIONS)[number];
  title: string;
  description: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High' | null;
  recommendedActions: string | null;
  expirationTime: string | null;
  generateAlert: boolean;
  application: string | null;
  rbacGroupNames: string[];
  sourceType: 'User' | 'AadApp';
  createdBy: string;
  createdBySource: string;
  createdByDisplayName: string;
  lastUpdatedBy: string;
  creationTimeDateTimeUtc: string;
  lastUpdateTime: string;
  /** The app whose token created it (not on the wire): `Ti.ReadWrite` sees only its own. */
  creatorAppId: string;
}

export const submissionSchema = z.object({
  indicatorValue: z.string(),
  indicatorType: z.enum(SIM_INDICATOR_TYPES),
  action: z.enum(SIM_INDICATOR_ACTIONS),
  title: z.string().min(1),
  description: z.string().min(1),
  application: z.string().nullish(),
  expirationTime: z.iso.datetime({ offset: true }).nullish(),
  severity: z.enum(['Informational', 'Low', 'Medium', 'High']).nullish(),
  recommendedActions: z.string().nullish(),
  rbacGroupNames: z.array(z.string()).nullish(),
  generateAlert: z.boolean().nullish(),
});
export type Submission = z.infer<typeof submissionSchema>;

const HEX_LENGTH: Partial<Record<SimIndicatorType, number>> = {
  FileSha1: 40,
  FileSha256: 64,
  FileMd5: 32,
  CertificateThumbprint: 40,
};
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function validDomain(value: string): boolean {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

/** IPv4 dotted quad, or IPv6 with all 8 segments; no ranges, no wildcards (indicators-overview.md). */
function validIp(value: string): boolean {
  if (isIP(value) === 4) return true;
  return isIP(value) === 6 && !value.includes('::') && value.split(':').length === 8;
}

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    // MDE also takes a URL without its scheme (a host and a path).
    return /^[^\s/]+\/\S*$/.test(value) && validDomain(value.split('/')[0]!);
  }
}

/** The 400 MDE answers for this submission, or undefined when it would be accepted. */
export function submissionProblem(body: Submission): MdeError | undefined {
  const value = body.indicatorValue.trim();
  if (value === '') return badRequest('InvalidInput', 'Recieved an empty indicator value.');
  const hex = HEX_LENGTH[body.indicatorType];
  if (hex !== undefined && !new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(value))
    return badRequest('InvalidHashValue', `'${value}' is not a valid ${body.indicatorType} value`);
  if (body.indicatorType === 'IpAddress' && !validIp(value))
    return badRequest('InvalidIpAddress', `'${value}' is not a valid IP address`);
  if (body.indicatorType === 'DomainName' && !validDomain(value))
    return badRequest('InvalidDomainName', `'${value}' is not a valid domain name`);
  if (body.indicatorType === 'Url' && !validUrl(value))
    return badRequest('InvalidUrl', `'${value}' is not a valid URL`);
  const network = ['IpAddress', 'DomainName', 'Url'].includes(body.indicatorType);
  if (network && body.action === 'BlockAndRemediate')
    return badRequest(
      'InvalidRequestBody',
      `Action BlockAndRemediate is not supported for indicator type ${body.indicatorType}`,
    );
  if (body.action === 'Audit' && body.generateAlert !== true)
    return badRequest('InvalidRequestBody', 'Audit indicators must have generateAlert set to true');
  return undefined;
}

/** Application `Ti.ReadWrite` without `.All` sees only what its own app created; users see all. */
export function canSeeIndicator(caller: Caller, indicator: SimIndicator): boolean {
  if (caller.kind === 'user' || caller.roles.includes('Ti.ReadWrite.All')) return true;
  return indicator.creatorAppId.toLowerCase() === caller.appId.toLowerCase();
}

/** The same value and type is one indicator: a second submission updates it (MDE's answer, #4927). */
export function sameIndicator(indicator: SimIndicator, body: Submission): boolean {
  return (
    indicator.indicatorType === body.indicatorType &&
    indicator.indicatorValue.toLowerCase() === body.indicatorValue.trim().toLowerCase()
  );
}

export function indicatorToWire(indicator: SimIndicator): Omit<SimIndicator, 'creatorAppId'> {
  const wire: Partial<SimIndicator> = { ...indicator };
  delete wire.creatorAppId;
  return wire as Omit<SimIndicator, 'creatorAppId'>;
}
