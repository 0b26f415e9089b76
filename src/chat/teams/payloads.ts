// The parts of verified Bot Framework activities we act on, checked with zod before anything reaches
// the core, and the stored ConversationReference shape. A button's data must be one opaque id and nothing more.
import { z } from 'zod';
import { FORM_INPUT_LIMITS } from '../../core/index.js';

const channelAccountSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

/** A serialized botbuilder ConversationReference (what getConversationReference returns, as JSON). */
export const conversationReferenceSchema = z
  .object({
    activityId: z.string().optional(),
    user: channelAccountSchema.loose().optional(),
    bot: channelAccountSchema.loose(),
    conversation: z
      .object({
        id: z.string().min(1),
        isGroup: z.boolean().optional(),
        conversationType: z.string().optional(),
        tenantId: z.string().optional(),
        name: z.string().optional(),
      })
      .loose(),
    channelId: z.string().min(1),
    serviceUrl: z.url({ protocol: /^https?$/ }),
    locale: z.string().optional(),
  })
  .loose();
export type StoredConversationReference = z.infer<typeof conversationReferenceSchema>;

/** The fields of an incoming activity that say who acted and where. */
export const activityOriginSchema = z.object({
  from: channelAccountSchema,
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }),
  serviceUrl: z.string().min(1),
  channelData: z
    .object({ tenant: z.object({ id: z.string() }).optional() })
    .loose()
    .optional(),
});
export type ActivityOrigin = z.infer<typeof activityOriginSchema>;

/** What our cards put in an Action.Execute button's data: the card action's opaque id. */
export const opaqueActionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);
/** Card verbs look like "approval.approve". */
export const verbSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);

/**
 * The value of an `adaptiveCard/action` invoke. Teams merges a form's inputs into the submit's data,
 * so `data` holds the opaque id plus, from a form of ours, its inputs (FORM_INPUT_LIMITS); any other
 * field, or a longer value, means the card was not ours.
 */
export const adaptiveCardActionSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: verbSchema,
    data: z.strictObject({
      id: opaqueActionIdSchema,
      verdict: z.string().max(FORM_INPUT_LIMITS.verdict).optional(),
      comment: z.string().max(FORM_INPUT_LIMITS.comment).optional(),
      isolationType: z.string().max(FORM_INPUT_LIMITS.isolationType).optional(),
      reason: z.string().max(FORM_INPUT_LIMITS.reason).optional(),
    }),
  }),
});
