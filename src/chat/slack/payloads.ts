// The verified Slack request bodies we act on, checked with zod before anything reaches the core:
// fields not listed here are ignored, and a button's value must be an opaque id and nothing more.
import { z } from 'zod';

const slackId = z.string().min(1).max(64);
/** Slack's id of one delivery: the same on a retry (X-Slack-Retry-Num), so redeliveries are recognised. */
const triggerId = z.string().min(1).max(255).optional();

export const slashCommandSchema = z.object({
  command: z.string().min(1),
  text: z.string(),
  user_id: slackId,
  user_name: z.string().optional(),
  team_id: slackId,
  channel_id: slackId,
  response_url: z.string().url().optional(),
  trigger_id: triggerId,
});
export type SlashCommandBody = z.infer<typeof slashCommandSchema>;

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id: slackId,
    name: z.string().optional(),
    username: z.string().optional(),
    team_id: z.string().optional(),
  }),
  team: z.object({ id: slackId }).nullish(),
  channel: z.object({ id: slackId }).optional(),
  container: z.object({ message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).optional(),
  response_url: z.string().url().optional(),
  trigger_id: triggerId,
  actions: z.array(z.object({ action_id: z.string(), value: z.unknown().optional() })).min(1),
});
export type BlockActionsBody = z.infer<typeof blockActionsSchema>;

/** What the converter puts in a button's value: the card action's opaque id. */
export const opaqueActionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);
/** Card verbs look like "approval.approve". */
export const verbSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
