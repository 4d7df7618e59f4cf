import type { WireEvent } from './message.js';

/** A capture-v1 event: identity at the root, person/processing options out of `properties`. @internal */
export interface V1Event {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  session_id?: string;
  window_id?: string;
  options: Record<string, boolean | string>;
  properties: Record<string, unknown>;
}

// Property → option name, and how to read it (wire-protocol.md §2).
const BOOLEAN_OPTIONS: ReadonlyArray<[string, string]> = [
  ['$cookieless_mode', 'cookieless_mode'],
  ['$ignore_sent_at', 'disable_skew_correction'],
  ['$process_person_profile', 'process_person_profile'],
];

/** Reads a boolean the way the v1 server expects; `undefined` means "cannot be coerced: leave it out". */
function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value !== 0 : undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

/**
 * Turns a v0 event into the v1 shape. `uuid` comes first so the transport can match per-event
 * results without parsing; values of the wrong type are dropped, never sent, because one bad field
 * fails the whole v1 batch.
 * @internal
 */
export function toV1Event(event: WireEvent): V1Event {
  const properties: Record<string, unknown> = { ...event.properties };
  const options: Record<string, boolean | string> = {};
  for (const [property, option] of BOOLEAN_OPTIONS) {
    if (!(property in properties)) continue;
    const value = toBoolean(properties[property]);
    delete properties[property];
    if (value !== undefined) options[option] = value;
  }
  if ('$product_tour_id' in properties) {
    const tour = properties.$product_tour_id;
    delete properties.$product_tour_id;
    if (typeof tour === 'string') options.product_tour_id = tour;
  }
  const out: V1Event = { uuid: event.uuid, event: event.event, distinct_id: event.distinct_id, timestamp: event.timestamp, options, properties };
  for (const [property, field] of [['$session_id', 'session_id'], ['$window_id', 'window_id']] as const) {
    if (!(property in properties)) continue;
    const value = properties[property];
    delete properties[property];
    if (typeof value === 'string') out[field] = value;
  }
  // The server derives the library from PostHog-Sdk-Info.
  delete properties.$lib;
  delete properties.$lib_version;
  return out;
}

const UUID_PREFIX = '{"uuid":"';

/** The uuid of a serialised v1 event (always its first field). @internal */
export function uuidOfV1Json(json: string): string {
  return json.startsWith(UUID_PREFIX) ? json.slice(UUID_PREFIX.length, json.indexOf('"', UUID_PREFIX.length)) : '';
}
