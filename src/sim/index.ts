// Public surface of the local MDE + Entra ID simulator.
export { startSimulator, DEFAULT_LIFECYCLE, DEFAULT_RATE_LIMITS } from './server.js';
export type { Simulator, SimulatorOptions } from './server.js';
export { ensureCertificates } from './tls.js';
export type { SimCertificates } from './tls.js';
export type { CallRecord, TokenKind } from './calllog.js';
export type { ActiveFault, FaultKind, FaultSpec } from './faults.js';
export * from './entra/index.js';
export * from './types.js';
