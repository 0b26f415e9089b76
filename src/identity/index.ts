// Entra ID tokens: app context now; user sign-in and the encrypted token store come later.
export { AppTokenProvider, buildConfidentialClient } from './app-tokens.js';
export type { AppTokenOptions } from './app-tokens.js';
export { loadCertificateCredential } from './certificate.js';
export type { CertificateCredential } from './certificate.js';
export { msalLoggerOptions } from './msal-logging.js';
