// The core's handler, run so that it never throws past the Teams adapter.
export { settle } from '../../app/index.js';
export type { Settled } from '../../app/index.js';
