import type { JsonType } from '../base/json.js';
import type { FlagValue } from './flag-source.js';

/** Flag values to force: a list of keys (each `true`) or key → value. */
export type FlagValueOverrideMap = string[] | Record<string, FlagValue>;

/** Forced flag values and payloads; `false` clears that part. */
export interface FeatureFlagOverrideOptions {
  flags?: false | FlagValueOverrideMap;
  payloads?: false | Record<string, JsonType>;
}

/**
 * What `overrideFeatureFlags()` takes, as posthog-node: `false` clears every override; a list of keys
 * forces each on; `{ key: value }` forces values; `{ flags, payloads }` sets (or with `false` clears)
 * each part.
 */
export type OverrideFeatureFlagsOptions = false | FlagValueOverrideMap | FeatureFlagOverrideOptions;

const keysOn = (keys: string[]): Record<string, FlagValue> => Object.fromEntries(keys.filter((k) => typeof k === 'string').map((k) => [k, true]));

/**
 * `{ flags: true }` is a flag named `flags`; `{ flags: {…} | [...] | false }` (or `payloads`
 * likewise) is the two-part form — the same test posthog-node applies.
 */
function isTwoPart(value: object): value is FeatureFlagOverrideOptions {
  const flags = (value as { flags?: unknown }).flags;
  const payloads = (value as { payloads?: unknown }).payloads;
  const partLike = (part: unknown) => part === false || (typeof part === 'object' && part !== null);
  return ('flags' in value && partLike(flags)) || ('payloads' in value && partLike(payloads));
}

/**
 * Local flag overrides for tests and development (posthog-node's `overrideFeatureFlags`): an
 * overridden flag has the forced value whatever local or remote evaluation says, and reading it
 * sends no `$feature_flag_called`; a payload override replaces the payload of whatever value the
 * flag has. A key forced to `undefined` reads as a flag that does not exist.
 * @internal
 */
export class FlagValueOverrides {
  private flags: Record<string, FlagValue | undefined> | undefined;
  private payloads: Record<string, JsonType> | undefined;

  set(overrides: OverrideFeatureFlagsOptions): void {
    if (overrides === false || overrides === null || overrides === undefined) {
      this.flags = undefined;
      this.payloads = undefined;
    } else if (Array.isArray(overrides)) this.flags = keysOn(overrides);
    else if (typeof overrides !== 'object') return;
    else if (isTwoPart(overrides)) {
      if ('flags' in overrides && overrides.flags !== undefined) this.flags = overrides.flags === false ? undefined : Array.isArray(overrides.flags) ? keysOn(overrides.flags) : { ...overrides.flags };
      if ('payloads' in overrides && overrides.payloads !== undefined) this.payloads = overrides.payloads === false ? undefined : { ...overrides.payloads };
    } else this.flags = { ...(overrides as Record<string, FlagValue>) };
  }

  /** Whether anything is overridden (the fast path skips all of this). */
  get active(): boolean {
    return this.flags !== undefined || this.payloads !== undefined;
  }

  /** The forced value of a flag: `{ value }` when overridden (`value` may be `undefined`), else `undefined`. */
  flag(key: string): { value: FlagValue | undefined } | undefined {
    return this.flags !== undefined && Object.hasOwn(this.flags, key) ? { value: this.flags[key] } : undefined;
  }

  /** The forced payload of a flag: `{ payload }` when overridden, else `undefined`. */
  payload(key: string): { payload: JsonType } | undefined {
    return this.payloads !== undefined && Object.hasOwn(this.payloads, key) ? { payload: this.payloads[key] } : undefined;
  }

  /** Values with the overrides laid over them (a key forced to `undefined` is removed). */
  applyToValues(values: Record<string, FlagValue>): Record<string, FlagValue> {
    if (this.flags === undefined) return values;
    const out = { ...values };
    for (const [key, value] of Object.entries(this.flags)) {
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
    return out;
  }

  /** Payloads with the overrides laid over them. */
  applyToPayloads(payloads: Record<string, JsonType>): Record<string, JsonType> {
    return this.payloads === undefined ? payloads : { ...payloads, ...this.payloads };
  }
}
