// Deep freeze for the loaded configuration: nothing may change it after boot.

/** Freezes objects and arrays recursively. Buffers cannot be frozen by the language and are left as they are. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value))
    return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
