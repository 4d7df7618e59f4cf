import type { FlagSubject } from './flag-source.js';

/** The parts of a flag call's options a subject is read from. @internal */
export interface SubjectOptions {
  groups?: Record<string, string | number>;
  personProperties?: Record<string, unknown>;
  groupProperties?: Record<string, Record<string, unknown>>;
  deviceId?: string;
}

/**
 * `options[name]` (`undefined` when `options` is not an object), read by a generic lookup. Options
 * objects made per call often each have a hidden class of their own (on Node 20, every
 * `{ ...defaults, personProperties }` gets a new one), and a named load that keeps meeting new
 * classes goes to the runtime on every read: ~55 ns against ~6 ns for this lookup, which costs the
 * same on any class. Getters and proxies are read as a plain `options[name]` would read them.
 * @internal
 */
export function readOption<O extends object, K extends keyof O & string>(options: O | undefined, name: K): O[K] | undefined {
  return options !== null && (typeof options === 'object' || typeof options === 'function') ? (Reflect.get(options, name) as O[K]) : undefined;
}

/**
 * Group keys as the flags service takes them: strings, and finite numbers as strings. @internal
 */
export function toStringGroups(groups: Record<string, string | number> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (groups === null || typeof groups !== 'object') return out;
  // The flags service takes string and number group keys only; any other value leaves that group out
  // (its conditions are skipped, not hashed as "": flag_matching.rs, `get_match`).
  // A for-in over own keys, not Object.entries: this runs on every flag read, and allocates no pairs.
  for (const type in groups) {
    if (!Object.hasOwn(groups, type)) continue;
    const key = groups[type];
    if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) out[type] = String(key);
  }
  return out;
}

/** `value` when it is an object, else a new empty one. @internal */
export function objectOr<T extends object>(value: T | undefined | null): T {
  return value !== null && typeof value === 'object' ? value : ({} as T);
}

/**
 * Who a flag call evaluates for, read from the call's options part by part, when evaluation first
 * needs that part (once each). Callers' options objects often each have their own hidden class
 * (`{ ...defaults, personProperties }` makes a new one per call), so every property read on them is a
 * slow, uncached lookup: a flag with no group condition and no device bucketing never reads `groups`,
 * `groupProperties` or `deviceId`. Reads happen within the call, so what they see is the same.
 * @internal
 */
export class CallSubject implements FlagSubject {
  private groupKeys: Record<string, string> | undefined;
  private person: Record<string, unknown> | undefined;
  private groupProps: Record<string, Record<string, unknown>> | undefined;
  private device: string | null | undefined;

  constructor(
    readonly distinctId: string,
    private readonly options: SubjectOptions | undefined,
  ) {}

  get groups(): Record<string, string> {
    return (this.groupKeys ??= toStringGroups(readOption(this.options, 'groups')));
  }

  get personProperties(): Record<string, unknown> {
    return (this.person ??= objectOr(readOption(this.options, 'personProperties')));
  }

  get groupProperties(): Record<string, Record<string, unknown>> {
    return (this.groupProps ??= objectOr(readOption(this.options, 'groupProperties')));
  }

  get deviceId(): string | undefined {
    if (this.device === undefined) {
      const given = readOption(this.options, 'deviceId');
      this.device = typeof given === 'string' ? given : null;
    }
    return this.device ?? undefined;
  }
}
