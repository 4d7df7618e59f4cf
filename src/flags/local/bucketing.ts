import type { FlagDefinition } from '../definitions/payload.js';
import type { FlagSubject, FlagValue } from '../flag-source.js';

/**
 * What a flag hashes, as the flags service decides it (rust/feature-flags/src/flags/flag_matching.rs,
 * `hashed_identifier` and `get_matching_variant`), and what posthog-ts does when it cannot know it.
 * @internal
 */

/** A variant's share of the hash range `[lowFrom, upTo)`. @internal */
export interface Variant {
  readonly key: string;
  readonly lowFrom: number;
  readonly upTo: number;
}

/** An identifier only the server knows (a stored experience-continuity override). @internal */
export const SERVER_IDENTIFIER: unique symbol = Symbol('server identifier');
/** The empty distinct id, which the server hashes to 0 (see {@link identifierNote}). @internal */
export const EMPTY_IDENTIFIER: unique symbol = Symbol('empty identifier');
/** A device-bucketed flag called without a device id. @internal */
export const NO_DEVICE: unique symbol = Symbol('no device id');
/** The identifier a condition hashes, or why it cannot be hashed here. @internal */
export type Identifier = string | typeof SERVER_IDENTIFIER | typeof EMPTY_IDENTIFIER | typeof NO_DEVICE;

/** Why an identifier cannot be hashed locally, in words. @internal */
export function identifierNote(identifier: Exclude<Identifier, string>): string {
  if (identifier === SERVER_IDENTIFIER) return 'the flag uses experience continuity: only the server knows which id it hashes';
  // The server hashes an empty identifier to 0.0 (`get_hash`), so every rollout below 100% admits "";
  // its own comment says that should have been "false", and its newer evaluator misses instead. Rather
  // than copy either, posthog-ts lets the server answer.
  if (identifier === EMPTY_IDENTIFIER) return 'the distinct id is empty, and only the server decides how "" is bucketed';
  return 'the flag is bucketed by device id and none was given';
}

/**
 * The device id a call carries: the top-level `deviceId`, else a non-empty string `$device_id` in the
 * person properties (flag_request.rs, `extract_device_id`). @internal
 */
export function deviceIdOf(subject: FlagSubject): string | undefined {
  if (typeof subject.deviceId === 'string' && subject.deviceId !== '') return subject.deviceId;
  const fromProperties = subject.personProperties?.$device_id;
  return typeof fromProperties === 'string' && fromProperties !== '' ? fromProperties : undefined;
}

/** Rollout or exclusion percentage as a number, `undefined` when absent or not a number. @internal */
export function finitePercent(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The multivariate variants of a flag with their cumulative hash ranges. @internal */
export function compileVariants(definition: FlagDefinition): Variant[] {
  const raw = definition.filters?.multivariate?.variants;
  if (!Array.isArray(raw)) return [];
  const variants: Variant[] = [];
  let low = 0;
  for (const v of raw) {
    if (v === null || typeof v !== 'object' || typeof v.key !== 'string') continue;
    const high = low + (finitePercent(v.rollout_percentage) ?? 0) / 100;
    variants.push({ key: v.key, lowFrom: low, upTo: high });
    low = high;
  }
  return variants;
}

/** The variant whose range holds `hash`; `true` when none does (or the flag has no variants). @internal */
export function pickVariant(variants: readonly Variant[], hash: number): FlagValue {
  for (const v of variants) if (hash >= v.lowFrom && hash < v.upTo) return v.key;
  return true;
}

/**
 * The value every hash gets, when the variants leave no choice (no variants, one taking the whole
 * range, or none with a share); `undefined` when the hash decides. Such a flag needs no identifier
 * for its variant. @internal
 */
export function constantVariant(variants: readonly Variant[]): FlagValue | undefined {
  const first = pickVariant(variants, 0);
  for (const v of variants) {
    for (const edge of [v.lowFrom, v.upTo]) if (edge > 0 && edge < 1 && pickVariant(variants, edge) !== first) return undefined;
  }
  return first;
}
