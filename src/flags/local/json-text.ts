/**
 * The text the flags service compares in `exact` / `is_not`: strings as they are, everything else
 * as canonical JSON (sorted keys). Values it would see differently are `undefined` — undecidable
 * locally: integers (a JSON `30` may have been `30.0`), non-finite numbers, unpaired surrogates,
 * non-plain objects and cycles.
 * @internal
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether every surrogate in `text` is part of a pair. */
function hasOnlyPairedSurrogates(text: string): boolean {
  if (!SURROGATE.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return false;
  }
  return true;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Compares object keys by code point, as the server sorts them. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function canonicalJson(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return hasOnlyPairedSurrogates(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) && !Number.isInteger(value) ? String(value) : undefined;
    case 'object': {
      if (seen.has(value)) return undefined;
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          const items: string[] = [];
          for (let i = 0; i < value.length; i++) {
            const item = i in value ? canonicalJson(value[i], seen) : 'null';
            if (item === undefined) return undefined;
            items.push(item);
          }
          return `[${items.join(',')}]`;
        }
        if (!isPlainObject(value)) return undefined;
        const record = value as Record<string, unknown>;
        const parts: string[] = [];
        for (const key of Object.keys(record).sort(byCodePoint)) {
          if (!hasOnlyPairedSurrogates(key)) return undefined;
          const item = canonicalJson(record[key], seen);
          if (item === undefined) return undefined;
          parts.push(`${JSON.stringify(key)}:${item}`);
        }
        return `{${parts.join(',')}}`;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return undefined;
  }
}

/** The comparison text of a value, or `undefined` when it cannot be decided locally. */
export function exactText(value: unknown): string | undefined {
  if (typeof value === 'string') return hasOnlyPairedSurrogates(value) ? value : undefined;
  return canonicalJson(value, new Set());
}

/** Whether a value could be sent to the server as JSON unchanged (any number allowed if finite). */
export function isJsonRepresentable(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return hasOnlyPairedSurrogates(value);
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  if (!Array.isArray(value) && !isPlainObject(value)) return false;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (i in value && !isJsonRepresentable(value[i], seen)) return false;
      return true;
    }
    for (const [key, item] of Object.entries(value)) {
      if (!hasOnlyPairedSurrogates(key) || !isJsonRepresentable(item, seen)) return false;
    }
    return true;
  } finally {
    seen.delete(value);
  }
}

/** `true`, `false`, `"TRUE"`, `"false"` or a list made only of them. */
export function isBooleanLike(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return lower === 'true' || lower === 'false';
  }
  return Array.isArray(value) && value.every((item) => isBooleanLike(item ?? null));
}

/** Truthiness as the boolean-like comparison reads it (a list is true when all items are). */
export function booleanLikeTruth(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  return Array.isArray(value) && value.every((item) => booleanLikeTruth(item ?? null));
}
