import type { FlagValue } from './flag-source.js';
import type { Resolution } from './resolution.js';
import { excerpt } from '../base/excerpt.js';

/** How a snapshot reports reads back to the client. @internal */
export interface EvaluationsHost {
  /** A flag was read: send `$feature_flag_called` if due. */
  flagRead(snapshot: FeatureFlagEvaluations, resolution: Resolution): void;
  warn(message: string): void;
}

/**
 * An immutable snapshot of a user's flags, made by `evaluateFlags()` with one local pass and at most
 * one `/flags` request. Reading it does no I/O; `isEnabled` / `getFlag` send `$feature_flag_called`
 * (once per flag and value). Pass it to `capture({ …, flags })` to stamp events with the same values.
 */
export class FeatureFlagEvaluations {
  private readonly accessed = new Set<string>();

  /** @internal */
  constructor(
    /** The user the flags were evaluated for (`''` when there was none). */
    readonly distinctId: string,
    private readonly records: ReadonlyMap<string, Resolution>,
    private readonly host: EvaluationsHost | undefined,
    /** @internal */ readonly groups: Record<string, string> | undefined,
    /** @internal */ readonly disableGeoip: boolean | undefined,
    private readonly original: boolean,
  ) {}

  /** Keys of every flag in the snapshot. */
  get keys(): string[] {
    return [...this.records.keys()];
  }

  /** Whether the flag is on; `defaultValue` (else `false`) when the snapshot has no value for it. */
  isEnabled(key: string, options?: { defaultValue?: boolean }): boolean {
    const value = this.read(key);
    if (value === undefined) return options?.defaultValue ?? false;
    return value !== false;
  }

  /** The flag's value (`true`, `false` or a variant), or `undefined`. */
  getFlag(key: string): FlagValue | undefined {
    return this.read(key);
  }

  /** The payload of the flag's value; `undefined` without a value. Sends no event. */
  getFlagPayload(key: string): unknown {
    const record = this.records.get(key);
    return record?.value === undefined ? undefined : record.payload;
  }

  /** A snapshot with only these keys (unknown keys are dropped with a warning). It sends no events. */
  only(keys: readonly string[]): FeatureFlagEvaluations {
    const picked = new Map<string, Resolution>();
    const unknown: string[] = [];
    for (const key of keys) {
      const record = this.records.get(key);
      if (record === undefined) unknown.push(key);
      else picked.set(key, record);
    }
    if (unknown.length > 0) this.host?.warn(`evaluateFlags().only(): unknown flag keys dropped: ${excerpt(unknown.join(', '))}`);
    return new FeatureFlagEvaluations(this.distinctId, picked, undefined, this.groups, this.disableGeoip, false);
  }

  /** A snapshot with only the flags read so far from this one. */
  onlyAccessed(): FeatureFlagEvaluations {
    const picked = new Map<string, Resolution>();
    for (const key of this.accessed) {
      const record = this.records.get(key);
      if (record !== undefined) picked.set(key, record);
    }
    return new FeatureFlagEvaluations(this.distinctId, picked, undefined, this.groups, this.disableGeoip, false);
  }

  /** Flag values with a value, for event enrichment. @internal */
  values(): Record<string, FlagValue> {
    const out: Record<string, FlagValue> = {};
    for (const [key, record] of this.records) if (record.value !== undefined) out[key] = record.value;
    return out;
  }

  private read(key: string): FlagValue | undefined {
    this.accessed.add(key);
    const record = this.records.get(key);
    if (this.original && this.distinctId !== '' && this.host !== undefined) {
      this.host.flagRead(this, record ?? { key, value: undefined, payload: undefined, reason: undefined, locallyEvaluated: false, minimalEvents: false, errors: ['flag_missing'] });
    }
    return record?.value;
  }
}
