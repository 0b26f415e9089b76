// The manifest script's inputs, read from the environment and checked before anything is written.
import { z } from 'zod';

export interface ManifestInputs {
  /** The bot's Bot Framework / Entra app id (MICROSOFT_APP_ID): Teams app id and botId. */
  appId: string;
  /** The Entra app used for sign-in (AZURE_CLIENT_ID), defaulting to the bot's app. */
  signInClientId: string;
  /** PUBLIC_URL without a trailing slash, e.g. https://defbot.contoso.com. */
  publicUrl: string;
  /** PUBLIC_URL's host (with a port when it has one), for validDomains and the SSO resource. */
  publicHost: string;
}

export class ManifestInputError extends Error {
  override name = 'ManifestInputError';
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

const schema = z.object({
  MICROSOFT_APP_ID: z
    .string({ error: "MICROSOFT_APP_ID is required: the Teams bot's app id (a GUID)" })
    .trim()
    .regex(GUID, 'MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000'),
  AZURE_CLIENT_ID: z
    .string()
    .trim()
    .regex(GUID, 'AZURE_CLIENT_ID must be a GUID when set')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PUBLIC_URL: z
    .string({
      error: "PUBLIC_URL is required: the bot's public https base URL, e.g. https://defbot.contoso.com",
    })
    .trim()
    .refine((value) => URL.canParse(value), 'PUBLIC_URL must be an absolute URL')
    .refine(
      (value) => !URL.canParse(value) || new URL(value).protocol === 'https:',
      'PUBLIC_URL must use https (Teams and Slack call the bot over TLS)',
    )
    .refine(
      (value) => !URL.canParse(value) || (!new URL(value).search && !new URL(value).hash),
      'PUBLIC_URL must have no query or fragment',
    ),
});

/** Throws ManifestInputError naming every missing or invalid variable. */
export function readManifestInputs(env: NodeJS.ProcessEnv): ManifestInputs {
  const parsed = schema.safeParse({
    MICROSOFT_APP_ID: env.MICROSOFT_APP_ID || undefined,
    AZURE_CLIENT_ID: env.AZURE_CLIENT_ID,
    PUBLIC_URL: env.PUBLIC_URL || undefined,
  });
  if (!parsed.success) {
    throw new ManifestInputError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  }
  const url = new URL(parsed.data.PUBLIC_URL);
  return {
    appId: parsed.data.MICROSOFT_APP_ID,
    signInClientId: parsed.data.AZURE_CLIENT_ID ?? parsed.data.MICROSOFT_APP_ID,
    publicUrl: url.href.replace(/\/+$/, ''),
    publicHost: url.host,
  };
}
