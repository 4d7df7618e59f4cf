import { PostHogValidationError } from '../base/errors.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import type { BeforeSendFn } from './before-send.js';
import type { Groups } from './builders.js';
import type { EventTimestamp, GroupMap, WireEvent } from './message.js';
import { toWireTimestamp } from './timestamp.js';
import { stringifyCompact } from './compact-json.js';
import { isUuid, uuidv7 } from './uuid.js';
import { excerpt } from '../base/excerpt.js';
import { type SizeBudget, assertSerializable, requireText, sizeBudget, utf8Length } from './validate.js';

/** What the builder needs to know about the client, resolved once. @internal */
export interface EventDefaults {
  readonly isServer: boolean;
  readonly disableGeoip: boolean;
  /** Super properties and `defaultEventProperties`; per-call properties win. */
  readonly baseProperties: () => Readonly<Record<string, unknown>> | undefined;
  /** Largest serialised event accepted on this lane. */
  readonly maxEventBytes: number;
  /** Reshapes the event for the lane's wire format (capture v1); identity when absent. */
  readonly encode?: (event: WireEvent) => unknown;
  /** The composed `beforeSend` chain, if any. */
  readonly beforeSend?: BeforeSendFn;
}

/** A validated event: the wire JSON fixed at capture time, plus its identity. @internal */
export interface BuiltEvent {
  readonly uuid: string;
  readonly json: string;
}

/** Input to {@link buildEvent}: already-validated ids, caller properties not yet checked. @internal */
export interface EventInput {
  event: string;
  distinctId: string;
  properties: Record<string, unknown> | undefined;
  groups?: GroupMap | Groups;
  timestamp?: EventTimestamp;
  uuid?: string;
  disableGeoip?: boolean;
  /** identify / alias / groupIdentify carry no super or default properties (as posthog-node). */
  withBaseProperties: boolean;
}

/**
 * Property keys whose caller value never reaches the wire as given: the SDK sets them, or capture v1
 * moves them out of `properties` (dropping values of the wrong type). Not counted against the size
 * budget, so the budget stays a lower bound of the bytes sent.
 */
const UNCOUNTED_PROPERTIES: ReadonlySet<string> = new Set([
  '$lib', '$lib_version', '$is_server', '$geoip_disable', '$groups',
  '$cookieless_mode', '$ignore_sent_at', '$process_person_profile', '$product_tour_id', '$session_id', '$window_id',
]);

/** Fewer bytes than the envelope of any event takes: `{"event":"","distinct_id":"","uuid":"…","timestamp":"…","properties":{}}`. */
const ENVELOPE_MIN_BYTES = 64;

/**
 * Turns one message into the JSON that will be sent, once. Serialising here is the snapshot: the
 * caller may mutate its objects afterwards without changing what is sent, and retries resend these
 * exact bytes (same uuid, same timestamp). Throws {@link PostHogValidationError} naming the field.
 * @internal
 */
export function buildEvent(input: EventInput, defaults: EventDefaults, nowMs: number): BuiltEvent | null {
  const limit = defaults.maxEventBytes;
  // Without a beforeSend hook these properties are what is sent: refuse an event that is too large
  // while walking it, before anything is copied or serialised. A hook may still shrink the event,
  // so with one the budget applies to what it returns.
  const budget = defaults.beforeSend === undefined ? startBudget(input.event, input.distinctId, limit) : undefined;
  if (input.properties !== undefined) assertSerializable(input.properties, 'properties', budget);
  if (input.groups !== undefined) assertSerializable(input.groups, 'groups');
  const properties: Record<string, unknown> = {};
  if (input.withBaseProperties) {
    const base = defaults.baseProperties();
    if (base !== undefined) Object.assign(properties, base);
  }
  if (input.properties !== undefined) Object.assign(properties, input.properties);
  properties.$lib = LIB_NAME;
  properties.$lib_version = LIB_VERSION;
  if (defaults.isServer) properties.$is_server = true;
  const geoipDisabled = input.disableGeoip ?? defaults.disableGeoip;
  if (geoipDisabled) properties.$geoip_disable = true;
  if (input.groups !== undefined && Object.keys(input.groups).length > 0) properties.$groups = stringifyGroups(input.groups);
  const sentAsIs = defaults.encode === undefined;
  if (sentAsIs) assertWireBooleans(properties, 'properties');

  const uuid = input.uuid !== undefined && isUuid(input.uuid) ? input.uuid.toLowerCase() : uuidv7(nowMs);
  const timestamp = toWireTimestamp(input.timestamp, nowMs);
  let event: WireEvent | null = { event: input.event, distinct_id: input.distinctId, uuid, timestamp, properties };
  if (defaults.beforeSend !== undefined) {
    event = defaults.beforeSend(event);
    if (event === null) return null;
    // A hook may empty what was checked at the call; PostHog refuses a whole batch for one such event.
    const name = requireText(event.event, 'event (after beforeSend).event');
    const distinctId = requireText(event.distinct_id, 'event (after beforeSend).distinct_id');
    event = { ...event, event: name, distinct_id: distinctId };
    if (sentAsIs) assertWireBooleans(event.properties, 'event (after beforeSend).properties');
    // The walk counts every member of the event here, its name and distinct id included.
    assertSerializable(event, 'event (after beforeSend)', sizeBudget(limit, 0, { uncounted: UNCOUNTED_PROPERTIES, uncountedDepth: 2, event: event.event }));
  }
  const json = stringifyCompact(defaults.encode === undefined ? event : defaults.encode(event));
  // Most events are far below the limit; measure bytes exactly only when they might not be.
  if (json.length * 3 > limit) {
    const bytes = utf8Length(json);
    if (bytes > limit) {
      throw new PostHogValidationError('properties', `make event "${excerpt(event.event)}" ${bytes} bytes, over the ${limit}-byte limit of one event`);
    }
  }
  return { uuid: event.uuid, json };
}

/**
 * The size budget of an event's properties, its envelope, name and distinct id already spent;
 * throws naming the field when the name or id alone is over the limit.
 */
function startBudget(event: string, distinctId: string, limit: number): SizeBudget {
  const tooLong = (field: string, length: number) =>
    new PostHogValidationError(field, `is ${length} characters long, over the ${limit}-byte limit of one event`);
  if (event.length + ENVELOPE_MIN_BYTES > limit) throw tooLong('event', event.length);
  if (distinctId.length + ENVELOPE_MIN_BYTES > limit) throw tooLong('distinctId', distinctId.length);
  return sizeBudget(limit, ENVELOPE_MIN_BYTES + event.length + distinctId.length, { uncounted: UNCOUNTED_PROPERTIES, uncountedDepth: 1, event });
}

/**
 * Properties v0 sends as they are and PostHog's capture server reads as booleans: any other value
 * makes it refuse the whole request (capture v1 coerces them instead, see `toV1Event`).
 */
const WIRE_BOOLEANS = ['$cookieless_mode'] as const;

function assertWireBooleans(properties: Record<string, unknown> | null, path: string): void {
  if (properties === null || typeof properties !== 'object') return;
  for (const key of WIRE_BOOLEANS) {
    const value = properties[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new PostHogValidationError(`${path}.${key}`, `must be true or false, got ${value === null ? 'null' : typeof value}`);
    }
  }
}

function stringifyGroups(groups: GroupMap | Groups): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in groups) {
    if (Object.hasOwn(groups, key)) out[key] = String(groups[key]);
  }
  return out;
}
