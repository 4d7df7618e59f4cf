import { isAsciiLetter } from './ascii.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A key shown as its kind only: `phx_…`, `phs_…`, or `…` for a key without a prefix. @internal */
export function maskKey(key: string): string {
  // The prefix is 2-4 ASCII letters and an underscore. Checked without a case-insensitive regular
  // expression: the first one a process runs costs ~0.2 ms, on the way to a client's first flag.
  let letters = 0;
  while (letters < 4 && isAsciiLetter(key.charCodeAt(letters))) letters++;
  const prefix = letters >= 2 && key.charCodeAt(letters) === UNDERSCORE ? key.slice(0, letters + 1) : '';
  return `${prefix}…`;
}

const UNDERSCORE = 95;

/**
 * A secret key (the personal API key) held where printing, inspecting or serialising the object
 * holding it shows only `phx_…`: the value sits in a private field that `util.inspect` and
 * `JSON.stringify` do not see, and only {@link SecretKey.reveal} hands it over, for the one request
 * header that carries it. @internal
 */
export class SecretKey {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The key itself. Call it only where the key is sent. */
  reveal(): string {
    return this.#value;
  }

  /** The key's kind with the rest masked. */
  get masked(): string {
    return maskKey(this.#value);
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [INSPECT](): string {
    return `SecretKey(${this.masked})`;
  }
}

/** A trimmed non-empty string as a {@link SecretKey}; anything else is no key. @internal */
export function secretKeyFrom(value: unknown): SecretKey | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return new SecretKey(value.trim());
}

/**
 * Whether `host` sends what it is given in clear text to another machine: an `http://` URL whose
 * host is not loopback (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`). @internal
 */
export function isCleartextRemote(host: string): boolean {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const name = url.hostname.toLowerCase();
  const loopback = name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
  return !loopback;
}
