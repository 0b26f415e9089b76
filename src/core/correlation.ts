// Carries the id of the work being handled (one chat interaction, one job) through every async call
// beneath it, so each log line can name it without every function passing the id along.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CorrelationContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` (and everything it starts) under `correlationId`; an inner call shadows an outer one. */
export function withCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

// Shared, frozen, and recognised by identity: a line logged outside any context costs no allocation.
const NONE: Readonly<Partial<CorrelationContext>> = Object.freeze({});

/** pino `mixin`: the current context itself (never copied here), or the shared empty object. */
export function correlationMixin(): Partial<CorrelationContext> {
  return storage.getStore() ?? NONE;
}

/**
 * pino `mixinMergeStrategy`. pino's default assigns the line's fields into the mixin's object, which
 * would write into the shared empty object or the live context; this one mutates neither, and a
 * `correlationId` the line names itself wins (so it is never written twice).
 */
export function mergeCorrelation(mergeObject: object, mixinObject: object): object {
  if (mixinObject === NONE || 'correlationId' in mergeObject) return mergeObject;
  return { ...mixinObject, ...mergeObject };
}
