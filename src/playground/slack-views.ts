// Slack modals in the playground: the trigger_ids handed out with each command and click (single use,
// valid for 3 seconds, as Slack's are), views.open of the fake Web API, and the one modal open for each
// user, which the page shows until it is submitted or cancelled.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Slack: a trigger_id "expires in 3 seconds" and opens one view. */
export const TRIGGER_TTL_MS = 3_000;

const plainText = (max: number) =>
  z.object({
    type: z.literal('plain_text'),
    text: z.string().min(1).max(max),
    emoji: z.boolean().optional(),
  });

/** What views.open accepts (Slack's view limits): anything else answers invalid_arguments. */
const modalView = z.looseObject({
  type: z.literal('modal'),
  title: plainText(24),
  submit: plainText(24).optional(),
  close: plainText(24).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  blocks: z.array(z.looseObject({ type: z.string() })).max(100),
});
const openArgs = z.object({
  trigger_id: z.string().min(1),
  /** The WebClient form-encodes its calls, with the view as a JSON string. */
  view: z.preprocess((value): unknown => (typeof value === 'string' ? JSON.parse(value) : value), modalView),
});

/** A modal as Slack holds it: the bot's view plus the fields Slack adds. */
export type OpenView = z.infer<typeof modalView> & {
  id: string;
  team_id: string;
  hash: string;
  state: { values: Record<string, never> };
};

export class SlackViews {
  private readonly triggers = new Map<string, { userId: string; expiresAt: number }>();
  /** user id -> the modal open for them (opening another replaces it, as the page shows one at a time). */
  private readonly open = new Map<string, OpenView>();
  private counter = 0;

  constructor(private readonly teamId: string) {}

  /** A fresh trigger_id for what this user just did. */
  trigger(userId: string, now = Date.now()): string {
    for (const [id, trigger] of this.triggers) if (trigger.expiresAt <= now) this.triggers.delete(id);
    const id = `${now}.${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    this.triggers.set(id, { userId, expiresAt: now + TRIGGER_TTL_MS });
    return id;
  }

  /** views.open: the answer Slack gives, ok with the view or its error for an unusable trigger_id. */
  openView(body: unknown, now = Date.now()): Record<string, unknown> {
    const args = openArgs.parse(body);
    const trigger = this.triggers.get(args.trigger_id);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    this.triggers.delete(args.trigger_id);
    if (trigger.expiresAt <= now) return { ok: false, error: 'expired_trigger_id' };
    const view: OpenView = {
      ...args.view,
      id: `V0PLAY${String(++this.counter).padStart(5, '0')}`,
      team_id: this.teamId,
      hash: `${Math.floor(now / 1000)}.${randomUUID().slice(0, 8)}`,
      state: { values: {} },
    };
    this.open.set(trigger.userId, view);
    return { ok: true, view };
  }

  forUser(userId: string): OpenView | undefined {
    return this.open.get(userId);
  }

  /** Closes the user's modal if it is that view; returns it. */
  close(userId: string, viewId: string): OpenView | undefined {
    const view = this.open.get(userId);
    if (view?.id !== viewId) return undefined;
    this.open.delete(userId);
    return view;
  }
}
