// The identity forms an RBAC file may bind to a role: "slack:<user id>", "slack:*", "teams:<id>",
// "teams:*", "aad:<object id>", "email:<address>". Anything else is a typo that would grant nothing.

export const IDENTITY_FORMS =
  'slack:<user id>, slack:*, teams:<user id>, teams:*, aad:<object id>, email:<address>';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const forms: Record<string, { valid: (rest: string) => boolean; expected: string }> = {
  slack: {
    valid: (rest) => rest === '*' || /^[UW][A-Z0-9]{2,}$/.test(rest),
    expected: 'a Slack user id such as U024BE7LH, or *',
  },
  teams: {
    valid: (rest) => rest === '*' || /^\S+$/.test(rest),
    expected: 'a Teams user id such as 29:1a2b…, or *',
  },
  aad: { valid: (rest) => GUID.test(rest), expected: "the user's Entra object id (a GUID)" },
  email: { valid: (rest) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(rest), expected: 'an email address' },
};

/** Undefined when valid, else what is wrong and what to write instead. */
export function identityProblem(identity: string): string | undefined {
  const colon = identity.indexOf(':');
  const form = colon > 0 ? forms[identity.slice(0, colon)] : undefined;
  if (!form) return `"${identity}" is not an identity — use one of ${IDENTITY_FORMS}`;
  return form.valid(identity.slice(colon + 1))
    ? undefined
    : `"${identity}" is not valid — after "${identity.slice(0, colon)}:" put ${form.expected}`;
}
