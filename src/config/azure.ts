// The bot's Entra app registration, present only when configured. The variable checks are in
// ./rules.ts; here the credential is narrowed (certificate preferred) and its file checked.
import type { AzureConfig } from './types.js';
import type { Env } from './env.js';
import { checkCertificateFile } from './certificate.js';

export function buildAzure(env: Env): { azure: AzureConfig | undefined; problems: string[] } {
  const { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId } = env;
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH;
  const problems = certificatePath
    ? [checkCertificateFile(certificatePath)].filter((p): p is string => p !== undefined)
    : [];
  if (!tenantId || !clientId) return { azure: undefined, problems };
  const credential = certificatePath
    ? { kind: 'certificate' as const, certificatePath }
    : env.AZURE_CLIENT_SECRET
      ? { kind: 'secret' as const, clientSecret: env.AZURE_CLIENT_SECRET }
      : undefined;
  if (!credential) return { azure: undefined, problems };
  return { azure: { tenantId, clientId, credential, authorityHost: env.AZURE_AUTHORITY_HOST }, problems };
}
