import { PostHogValidationError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import type { FlagValue } from '../flags/flag-source.js';
import { stringifyCompact } from '../messages/compact-json.js';
import type { FlagValuesSnapshot } from '../messages/message.js';

/**
 * The values of a capture's `flags` snapshot, copied into a plain object: a snapshot whose
 * `values()` throws, returns no object or has values that cannot be read is bad input, reported
 * naming `flags` like any other bad field, never thrown to the caller.
 * @internal
 */
export function readSnapshotValues(snapshot: { values(): Record<string, FlagValue> }): Record<string, FlagValue> {
  let values: unknown;
  try {
    values = snapshot.values();
    if (values === null || typeof values !== 'object') throw new TypeError(`it returned ${values === null ? 'null' : typeof values}, not an object`);
    return { ...(values as Record<string, FlagValue>) };
  } catch (error) {
    throw new PostHogValidationError('flags', `values() could not be read: ${excerpt(error)}`, { cause: error });
  }
}

/**
 * `$feature/<key>` for every flag and `$active_feature_flags` (sorted keys of enabled flags, omitted
 * when none) — what an event carries about flags (reference: events.md §6).
 * @internal
 */
export function flagEventProperties(flags: Record<string, FlagValue>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const active: string[] = [];
  for (const key of Object.keys(flags)) {
    properties[`$feature/${key}`] = flags[key];
    if (flags[key] !== false) active.push(key);
  }
  if (active.length > 0) properties.$active_feature_flags = active.sort();
  return properties;
}

/** The flag properties a snapshot adds to an event (ours or posthog-node's). @internal */
export function snapshotEventProperties(snapshot: FlagValuesSnapshot): Record<string, unknown> {
  if ('values' in snapshot && typeof snapshot.values === 'function') return flagEventProperties(readSnapshotValues(snapshot));
  const own = (snapshot as { _getEventProperties?: () => Record<string, unknown> })._getEventProperties;
  return typeof own === 'function' ? own.call(snapshot) ?? {} : {};
}

/** Whether `value` is a flags snapshot `capture({ flags })` can read. @internal */
export function isFlagSnapshot(value: unknown): value is FlagValuesSnapshot {
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as { values?: unknown }).values === 'function' || typeof (value as { _getEventProperties?: unknown })._getEventProperties === 'function';
}

/** Adds properties to a serialised event; keys the event already has win. @internal */
export function enrichWithProperties(json: string, extra: Record<string, unknown>): string {
  const keys = Object.keys(extra);
  if (keys.length === 0) return json;
  const event = JSON.parse(json) as { properties: Record<string, unknown> };
  for (const key of keys) if (!(key in event.properties)) event.properties[key] = extra[key];
  return stringifyCompact(event);
}

/** Adds `$feature/<key>` and `$active_feature_flags` to a serialised event; caller-set keys win. @internal */
export function enrichWithFlags(json: string, flags: Record<string, FlagValue>): string {
  return enrichWithProperties(json, flagEventProperties(flags));
}
