// Entra ID tokens: app context (client credentials) and user context (sign-in, encrypted token store).
export { AppTokenProvider, buildConfidentialClient } from './app-tokens.js';
export type { AppTokenOptions } from './app-tokens.js';
export { loadCertificateCredential } from './certificate.js';
export type { CertificateCredential } from './certificate.js';
export { msalLoggerOptions } from './msal-logging.js';
export * from './signin/index.js';
export * from './token-store/index.js';
