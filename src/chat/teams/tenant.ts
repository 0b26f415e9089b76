// Which Entra tenant an activity says it comes from, and whether the bot serves that tenant: the
// boundary every Bot Framework activity crosses before anything else reads it.
import { z } from 'zod';

/** Only the two places Teams names the tenant; anything malformed there reads as "no tenant". */
const tenantFieldsSchema = z.looseObject({
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
  conversation: z.looseObject({ tenantId: z.string().optional() }).optional(),
});

export type TenantVerdict =
  | { allowed: true; tenantId: string }
  /** `tenantId` is the refused tenant as the activity spelled it (lower case), undefined when it named none. */
  | { allowed: false; tenantId: string | undefined };

/**
 * The tenants an activity names, lower case: `channelData.tenant.id` first, then `conversation.tenantId`.
 * Empty when it names none (or the fields are malformed).
 */
export function claimedTenants(activity: unknown): string[] {
  const parsed = tenantFieldsSchema.safeParse(activity);
  if (!parsed.success) return [];
  return [parsed.data.channelData?.tenant?.id, parsed.data.conversation?.tenantId]
    .filter((id): id is string => id !== undefined && id !== '')
    .map((id) => id.toLowerCase());
}

/** The activity's tenant: `channelData.tenant.id`, else `conversation.tenantId`, lower case. */
export function tenantOfActivity(activity: unknown): string | undefined {
  return claimedTenants(activity)[0];
}

/**
 * Allowed only when the activity names a tenant and every tenant it names is in `allowed` (lower
 * case): an activity whose two tenant fields disagree is refused rather than trusted on one of them.
 */
export function tenantVerdict(activity: unknown, allowed: ReadonlySet<string>): TenantVerdict {
  const claimed = claimedTenants(activity);
  const [first] = claimed;
  if (first === undefined) return { allowed: false, tenantId: undefined };
  const foreign = claimed.find((id) => !allowed.has(id));
  return foreign === undefined ? { allowed: true, tenantId: first } : { allowed: false, tenantId: foreign };
}
