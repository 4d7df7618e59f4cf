import type { FlagSubject } from './flag-source.js';

/** The parts of a flag call's options a subject is read from. @internal */
export interface SubjectOptions {
  groups?: Record<string, string | number>;
  personProperties?: Record<string, unknown>;
  groupProperties?: Record<string, Record<string, unknown>>;
  deviceId?: string;
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
    return (this.groupKeys ??= toStringGroups(this.options?.groups));
  }

  get personProperties(): Record<string, unknown> {
    return (this.person ??= objectOr(this.options?.personProperties));
  }

  get groupProperties(): Record<string, Record<string, unknown>> {
    return (this.groupProps ??= objectOr(this.options?.groupProperties));
  }

  get deviceId(): string | undefined {
    if (this.device === undefined) {
      const given = this.options?.deviceId;
      this.device = typeof given === 'string' ? given : null;
    }
    return this.device ?? undefined;
  }
}
