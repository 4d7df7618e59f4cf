import type { JsonType } from '../base/json.js';
import type { FlagValue } from './flag-source.js';
import type { FlagValueOverrides } from './flag-value-overrides.js';
import type { Resolution } from './resolution.js';
import { excerpt } from '../base/excerpt.js';

/** How a snapshot reports reads back to the client. @internal */
export interface EvaluationsHost {
  /** A flag was read: send `$feature_flag_called` if due (`send` is the read's own choice, if it made one). */
  flagRead(snapshot: FeatureFlagEvaluations, resolution: Resolution, send: boolean | undefined): void;
  warn(message: string): void;
}

/**
 * Why a requested flag has no value in a snapshot (posthog-node's `UnresolvedFlagReason`): it needs
 * experience continuity, its definition is not supported locally, the call lacked properties or
 * groups it needs, or a flag it depends on could not be resolved.
 */
export type UnresolvedFlagReason = 'experience_continuity' | 'unsupported_definition' | 'missing_context' | 'unresolved_dependency';

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
    /** Requested flags left without a value (local-only evaluation), with why. */
    private readonly unresolved: Readonly<Record<string, UnresolvedFlagReason>> = {},
  ) {}

  /** Flags that were asked for but could not be resolved (only with `onlyEvaluateLocally`), with why. */
  get unresolvedFlags(): Readonly<Record<string, UnresolvedFlagReason>> {
    return this.unresolved;
  }

  /** Keys of every flag in the snapshot. */
  get keys(): string[] {
    return [...this.records.keys()];
  }

  /**
   * Whether the flag is on; `defaultValue` (else `false`) when the snapshot has no value for it.
   * `sendFeatureFlagEvents` overrides, for this read, whether `$feature_flag_called` is sent.
   */
  isEnabled(key: string, options?: { defaultValue?: boolean; sendFeatureFlagEvents?: boolean }): boolean {
    const value = this.read(key, options?.sendFeatureFlagEvents);
    if (value === undefined) return options?.defaultValue ?? false;
    return value !== false;
  }

  /** The flag's value (`true`, `false` or a variant), or `undefined`. */
  getFlag(key: string, options?: { sendFeatureFlagEvents?: boolean }): FlagValue | undefined {
    return this.read(key, options?.sendFeatureFlagEvents);
  }

  /** The payload of the flag's value; `undefined` without a value. Sends no event. */
  getFlagPayload(key: string): JsonType | undefined {
    const record = this.records.get(key);
    return record?.value === undefined ? undefined : (record.payload as JsonType);
  }

  /** A snapshot with only these keys (unknown keys are dropped with a warning). It sends no events. */
  only(keys: string[]): FeatureFlagEvaluations {
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

  /** This snapshot with local value overrides laid over it (`overrideFeatureFlags`). @internal */
  _withOverrides(overrides: FlagValueOverrides): FeatureFlagEvaluations {
    const records = new Map(this.records);
    const values = overrides.applyToValues(this.values());
    for (const key of [...records.keys()]) if (!(key in values)) records.delete(key);
    for (const [key, value] of Object.entries(values)) {
      const existing = records.get(key);
      if (existing?.value === value) continue;
      records.set(key, { ...(existing ?? { key, payload: undefined, reason: undefined, locallyEvaluated: false, minimalEvents: false, errors: [] }), key, value });
    }
    for (const [key, record] of records) {
      const forced = overrides.payload(key);
      if (forced !== undefined) records.set(key, { ...record, payload: forced.payload });
    }
    return new FeatureFlagEvaluations(this.distinctId, records, this.host, this.groups, this.disableGeoip, this.original, this.unresolved);
  }

  /** Flag values with a value, for event enrichment. @internal */
  values(): Record<string, FlagValue> {
    const out: Record<string, FlagValue> = {};
    for (const [key, record] of this.records) if (record.value !== undefined) out[key] = record.value;
    return out;
  }

  /** `$feature/<key>` for each flag and `$active_feature_flags`, as posthog-node's snapshot gives `capture()`. @internal */
  _getEventProperties(): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    const active: string[] = [];
    for (const [key, value] of Object.entries(this.values())) {
      properties[`$feature/${key}`] = value;
      if (value !== false) active.push(key);
    }
    if (active.length > 0) properties.$active_feature_flags = active.sort();
    return properties;
  }

  private read(key: string, send: boolean | undefined): FlagValue | undefined {
    this.accessed.add(key);
    const record = this.records.get(key);
    if (this.original && this.distinctId !== '' && this.host !== undefined) {
      this.host.flagRead(this, record ?? { key, value: undefined, payload: undefined, reason: undefined, locallyEvaluated: false, minimalEvents: false, errors: ['flag_missing'] }, send);
    }
    return record?.value;
  }
}
