// Custom indicators (mde-api-response.md section 2): the wire shape, MDE's names for each kind of
// value, and the three calls the bot makes — list (by value), submit, delete.
import { z } from 'zod';
import type { IndicatorKind } from '../core/indicators.js';
import type { DefenderClient } from './client.js';
import type { EndpointInfo } from './endpoints.js';
import { odataString } from './odata.js';

export const MDE_INDICATOR_TYPES = [
  'FileSha1',
  'FileSha256',
  'FileMd5',
  'CertificateThumbprint',
  'IpAddress',
  'DomainName',
  'Url',
] as const;
export type MdeIndicatorType = (typeof MDE_INDICATOR_TYPES)[number];

/** The indicatorType MDE stores for each kind of value `block` accepts. */
export const MDE_INDICATOR_TYPE: Readonly<Record<IndicatorKind, MdeIndicatorType>> = {
  sha1: 'FileSha1',
  sha256: 'FileSha256',
  md5: 'FileMd5',
  ipv4: 'IpAddress',
  ipv6: 'IpAddress',
  domain: 'DomainName',
  url: 'Url',
};

/** Files are blocked and remediated; network indicators only take Block (BlockAndRemediate fails there). */
export function blockActionFor(kind: IndicatorKind): 'BlockAndRemediate' | 'Block' {
  return kind === 'sha1' || kind === 'sha256' || kind === 'md5' ? 'BlockAndRemediate' : 'Block';
}

/** MDE's ids are numbers sent as strings ("995"). */
export const INDICATOR_ID_PATTERN = /^\d{1,19}$/;

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const indicatorSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  indicatorValue: z.string(),
  indicatorType: z.string(),
  action: nullableString,
  title: nullableString,
  description: nullableString,
  severity: nullableString,
  expirationTime: nullableString,
  creationTimeDateTimeUtc: nullableString,
  createdBy: nullableString,
  createdByDisplayName: nullableString,
  generateAlert: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
});
export type Indicator = z.infer<typeof indicatorSchema>;

const indicatorListSchema = z.looseObject({ value: z.array(indicatorSchema) });

/** What `POST /api/indicators` is sent (its documented, case-sensitive names). */
export interface IndicatorSubmission {
  indicatorValue: string;
  indicatorType: MdeIndicatorType;
  action: 'Block' | 'BlockAndRemediate';
  title: string;
  description: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  expirationTime: string;
  generateAlert: boolean;
}

/** Application `Ti.ReadWrite.All` (`Ti.ReadWrite` only sees the app's own); delegated `Ti.ReadWrite`. */
const indicatorEndpoint = (name: string): EndpointInfo => ({
  name,
  family: 'standard',
  appPermission: 'Ti.ReadWrite.All',
  userRole: 'Manage security settings',
});
export const INDICATOR_ENDPOINTS = {
  list: indicatorEndpoint('indicators.list'),
  submit: indicatorEndpoint('indicators.submit'),
  remove: indicatorEndpoint('indicators.delete'),
} as const;

/** The most indicators one `indicators` answer lists. */
export const MAX_LISTED_INDICATORS = 50;

/** The tenant's indicators, or those for one value (as MDE stores it; OData-escaped). */
export async function listIndicators(
  client: DefenderClient,
  value: string | undefined,
  top = MAX_LISTED_INDICATORS,
): Promise<Indicator[]> {
  const list = await client.call({
    endpoint: INDICATOR_ENDPOINTS.list,
    method: 'GET',
    path: 'api/indicators',
    query: {
      ...(value === undefined ? {} : { $filter: `indicatorValue eq ${odataString(value)}` }),
      $top: String(top),
    },
    schema: indicatorListSchema,
  });
  return list.value;
}

export function submitIndicator(client: DefenderClient, body: IndicatorSubmission): Promise<Indicator> {
  return client.call({
    endpoint: INDICATOR_ENDPOINTS.submit,
    method: 'POST',
    path: 'api/indicators',
    body,
    schema: indicatorSchema,
    callClass: 'action',
  });
}

export async function deleteIndicator(client: DefenderClient, id: string): Promise<void> {
  if (!INDICATOR_ID_PATTERN.test(id)) throw new RangeError(`"${id}" is not an indicator id`);
  await client.call({
    endpoint: INDICATOR_ENDPOINTS.remove,
    method: 'DELETE',
    path: `api/indicators/${id}`,
    schema: z.unknown(),
    callClass: 'action',
  });
}
