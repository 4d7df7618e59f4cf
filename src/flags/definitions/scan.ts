import type { DefinitionsPayload } from './payload.js';
import { FLAG_PATTERN } from './flag-pattern.js';

/**
 * A definitions payload with every field parsed but the flags, which stay in `text`. The flags are
 * held column by column: flag `i` has key `keys[i]`, id `ids[i]` and its JSON object from
 * `spans[2i]` to `spans[2i + 1]` of the text. A load of 5,000 flags makes no object per flag and cuts
 * out no text but the keys: each flag is parsed (and compiled) when first used.
 * @internal
 */
export interface ScannedDefinitions {
  /** Flag keys in payload order; entries that are not objects or have no key are left out. */
  keys: string[];
  /** Each flag's id; `undefined` when it has none that is a finite number. */
  ids: Array<number | undefined>;
  /** Where each flag's JSON object starts in `text`, and where it ends (exclusive), two per flag. */
  spans: number[];
  rest: Omit<DefinitionsPayload, 'flags'>;
  /** The scanned text. */
  text: string;
}

/** The JSON object of flag `index`, exactly as received. @internal */
export function flagText(scanned: ScannedDefinitions, index: number): string {
  return scanned.text.slice(scanned.spans[2 * index], scanned.spans[2 * index + 1]);
}

/** The flags found so far. */
type FlagColumns = Pick<ScannedDefinitions, 'keys' | 'ids' | 'spans'>;

/**
 * Appends a flag. Stores by index, not `push`: on Node.js 20, optimised code that pushed onto the
 * fresh arrays of a later load was thrown away ("not a Smi") and compiled again, a few ms of CPU
 * each time, in the first loads of a process.
 */
function addFlag(flags: FlagColumns, key: string, id: number | undefined, from: number, to: number): void {
  const n = flags.keys.length;
  flags.keys[n] = key;
  flags.ids[n] = id;
  flags.spans[2 * n] = from;
  flags.spans[2 * n + 1] = to;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** A position in the text with the few moves the scan needs. Every move throws on malformed input. */
class Cursor {
  i = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new SyntaxError(`malformed flag definitions JSON at offset ${this.i}`);
  }

  /** Skips whitespace; returns the next character code (NaN at the end). */
  peek(): number {
    const t = this.text;
    let i = this.i;
    while (isSpace(t.charCodeAt(i))) i++;
    this.i = i;
    return t.charCodeAt(i);
  }

  expect(code: number): void {
    if (this.peek() !== code) this.fail();
    this.i++;
  }

  /** From an opening quote to just past the closing one. */
  skipString(): void {
    const t = this.text;
    let from = this.i + 1;
    for (;;) {
      const quote = t.indexOf('"', from);
      if (quote === -1) this.fail();
      let slashes = 0;
      while (t.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
      if (slashes % 2 === 0) {
        this.i = quote + 1;
        return;
      }
      from = quote + 1;
    }
  }

  readString(): string {
    const start = this.i;
    this.skipString();
    const raw = this.text.slice(start + 1, this.i - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, this.i)) as string) : raw;
  }

  /** Skips one value; objects and arrays are skipped by balancing brackets outside strings. */
  skipValue(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.skipString();
      return;
    }
    const t = this.text;
    let i = this.i;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (; i < t.length; i++) {
        const d = t.charCodeAt(i);
        if (d === QUOTE) {
          this.i = i;
          this.skipString();
          i = this.i - 1;
        } else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          if (--depth === 0) {
            this.i = i + 1;
            return;
          }
        }
      }
      this.fail();
    }
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
      i++;
    }
    if (i === this.i) this.fail();
    this.i = i;
  }

  /** Walks an object's members, calling `member` with the cursor on each value; it must consume it. */
  members(member: (nameStart: number, nameEnd: number) => void): void {
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.i++;
      return;
    }
    do {
      const nameStart = this.memberName();
      member(nameStart, this.nameEnd);
    } while (!this.memberEnd());
  }

  /** End of the last name read by {@link memberName} (just past its closing quote). */
  nameEnd = 0;

  /** Reads `"name":` and stops on the value; returns where the name starts (its end is `nameEnd`). */
  memberName(): number {
    if (this.peek() !== QUOTE) this.fail();
    const nameStart = this.i;
    this.skipString();
    this.nameEnd = this.i;
    this.expect(COLON);
    this.peek();
    return nameStart;
  }

  /** After a member's value: true at the object's closing brace, false after a comma. */
  memberEnd(): boolean {
    const next = this.peek();
    this.i++;
    if (next === CLOSE_BRACE) return true;
    if (next !== COMMA) this.fail();
    return false;
  }

  /** A member name; `nameStart`/`nameEnd` include the quotes. */
  name(nameStart: number, nameEnd: number): string {
    const raw = this.text.slice(nameStart + 1, nameEnd - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(nameStart, nameEnd)) as string) : raw;
  }
}

/** Reads one flag object (cursor on its `{`) and adds it to `flags` unless it has no key. */
function scanFlag(cursor: Cursor, flags: FlagColumns): void {
  const text = cursor.text;
  const start = cursor.i;
  let key: string | undefined;
  let id: number | undefined;
  cursor.i++;
  if (cursor.peek() === CLOSE_BRACE) cursor.i++;
  else {
    do {
      const nameStart = cursor.memberName();
      const nameEnd = cursor.nameEnd;
      const first = text.charCodeAt(cursor.i);
      const length = nameEnd - nameStart;
      // Only "key" and "id" matter; other names are not even sliced.
      const name = length === 5 || length === 4 || text.charCodeAt(nameStart + 1) === BACKSLASH ? cursor.name(nameStart, nameEnd) : '';
      if (name === 'key' && first === QUOTE) key = cursor.readString();
      else if (name === 'id') {
        const valueStart = cursor.i;
        cursor.skipValue();
        const value = Number(text.slice(valueStart, cursor.i));
        id = Number.isFinite(value) ? value : undefined;
      } else cursor.skipValue();
    } while (!cursor.memberEnd());
  }
  if (key !== undefined && key !== '') addFlag(flags, key, id, start, cursor.i);
}

/**
 * Reads flags with {@link FLAG_PATTERN} from `at` (a `{`) for as long as they follow each other
 * as `{…},{…}`, adding each to `flags` (an empty key is left out, as the careful scan does).
 * Returns where it stopped: just past the last flag it read, or `at` when the first did not match.
 * The loop is kept this small because it runs once per flag in a process that has not run it
 * before, where each call and each object costs.
 */
function matchFlags(text: string, at: number, flags: FlagColumns): number {
  let from = at;
  let end = at;
  while (text.charCodeAt(from) === OPEN_BRACE) {
    FLAG_PATTERN.lastIndex = from;
    let match: RegExpExecArray | null;
    try {
      match = FLAG_PATTERN.exec(text);
    } catch {
      match = null; // a flag so large the expression ran out of stack
    }
    if (match === null) break;
    end = FLAG_PATTERN.lastIndex;
    const raw = match[2];
    if (raw !== '') {
      const id = Number(match[1]);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      addFlag(flags, key, Number.isFinite(id) ? id : undefined, from, end);
    }
    if (text.charCodeAt(end) !== COMMA) break;
    from = end + 1;
  }
  return end;
}

/**
 * Finds the flags of a definitions payload without parsing them: each flag's key, id and JSON text.
 * Everything else in the payload is parsed at once. Parsing 5,000 flags is most of the cost of a
 * load, and most processes evaluate a few of them; each is parsed (and compiled) when first used.
 * Returns `undefined` when the text is not a JSON object with a `flags` array. Entries that are not
 * objects or have no key are left out, as a full parse would.
 * @internal
 */
export function scanDefinitions(text: string): ScannedDefinitions | undefined {
  const cursor = new Cursor(text);
  let flags: FlagColumns = { keys: [], ids: [], spans: [] };
  let sawFlags = false;
  const rest: Record<string, unknown> = {};
  try {
    cursor.members((nameStart, nameEnd) => {
      const name = cursor.name(nameStart, nameEnd);
      if (name === 'flags' && cursor.text.charCodeAt(cursor.i) === OPEN_BRACKET) {
        sawFlags = true;
        flags = { keys: [], ids: [], spans: [] }; // a second "flags" member replaces the first, as in a parse
        cursor.i++;
        if (cursor.peek() === CLOSE_BRACKET) {
          cursor.i++;
          return;
        }
        for (;;) {
          if (cursor.peek() === OPEN_BRACE) {
            const end = matchFlags(text, cursor.i, flags);
            if (end > cursor.i) cursor.i = end;
            else scanFlag(cursor, flags);
          } else cursor.skipValue();
          const next = cursor.peek();
          cursor.i++;
          if (next === CLOSE_BRACKET) return;
          if (next !== COMMA) cursor.fail();
        }
      }
      const valueStart = cursor.i;
      cursor.skipValue();
      rest[name] = JSON.parse(text.slice(valueStart, cursor.i));
    });
    if (!Number.isNaN(cursor.peek())) cursor.fail();
  } catch {
    return undefined;
  }
  return sawFlags ? { keys: flags.keys, ids: flags.ids, spans: flags.spans, rest: rest as ScannedDefinitions['rest'], text } : undefined;
}
