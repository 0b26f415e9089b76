// Deterministic BullMQ job ids. A job that runs again (a retry, or a worker that died mid-job and
// was replaced) adds its follow-up jobs under the same ids, and BullMQ ignores an add whose id it
// already holds, so a re-run cannot post a card or start an action twice.

/** BullMQ job ids may not contain ':'; chat and correlation ids may hold anything. */
export function sanitizeJobId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Ids here always carry a kind, so they are never plain integers (which BullMQ refuses). */
export function jobIdFor(kind: string, id: string): string {
  return `${kind}-${sanitizeJobId(id)}`;
}
