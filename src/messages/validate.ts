import { PostHogValidationError } from '../base/errors.js';

/**
 * Checks a required id or name: a non-empty string after trimming (numbers are stringified, since the
 * wire wants strings). Returns the value to send. @internal
 */
export function requireText(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new PostHogValidationError(field, value === undefined || value === null ? 'is required' : `must be a string, got ${typeof value}`);
  }
  if (value.trim() === '') throw new PostHogValidationError(field, 'must not be empty');
  return value;
}

/** Checks that `value` is a plain properties object (or absent). @internal */
export function requireObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PostHogValidationError(field, `must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Finds the first value JSON cannot carry faithfully: a cycle, a BigInt, a function or a symbol
 * (JSON.stringify throws on the first two and silently drops the others, which would send an event
 * that differs from what the caller wrote). Throws a validation error naming the path.
 * Walks only objects and arrays, so flat properties cost one typeof per key.
 * @internal
 */
export function assertSerializable(value: unknown, path: string): void {
  walk(value, path, []);
}

function walk(value: unknown, path: string, stack: object[]): void {
  switch (typeof value) {
    case 'bigint':
      throw new PostHogValidationError(path, 'is a BigInt, which JSON cannot carry (convert it to a string or number)');
    case 'function':
      throw new PostHogValidationError(path, 'is a function, which cannot be sent');
    case 'symbol':
      throw new PostHogValidationError(path, 'is a symbol, which cannot be sent');
    case 'object': {
      if (value === null || value instanceof Date) return;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
      if (stack.includes(value)) throw new PostHogValidationError(path, 'refers back to itself (circular structure)');
      stack.push(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, stack);
      } else {
        for (const key in value) {
          if (Object.hasOwn(value, key)) walk((value as Record<string, unknown>)[key], `${path}.${key}`, stack);
        }
      }
      stack.pop();
      return;
    }
    default:
      return;
  }
}

/** UTF-8 byte length of a string without allocating. @internal */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // surrogate pair: 2 units → 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
