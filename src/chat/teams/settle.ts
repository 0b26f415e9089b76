// The core's handler, run so that it never throws past the Teams adapter.
export { settle } from '../../app/settle.js';
export type { Settled } from '../../app/settle.js';
