// Minimal Adaptive Cards for the Block Kit converter's tests.

export const card = (body: unknown[], actions: unknown[] = []): Record<string, unknown> => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  actions,
});

export const text = (value: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'TextBlock',
  text: value,
  ...extra,
});
