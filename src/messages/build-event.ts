import { PostHogValidationError } from '../base/errors.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import type { BeforeSendChain, BeforeSendEvent } from './before-send.js';
import { minimalFlagCalledProperties } from './minimal-flag-called.js';
import { isBotUserAgent } from './bot-pageview.js';
import type { Groups } from './builders.js';
import type { EventTimestamp, GroupMap, WireEvent } from './message.js';
import { toWireTimestamp } from './timestamp.js';
import { stringifyCompact } from './compact-json.js';
import { HELD_MARK } from './held-text.js';
import { isUuid, uuidv7 } from './uuid.js';
import { excerpt } from '../base/excerpt.js';
import { type SizeBudget, assertSerializable, replaceCycles, requireText, sizeBudget, utf8Length } from './validate.js';

/** What the builder needs to know about the client, resolved once. @internal */
export interface EventDefaults {
  readonly isServer: boolean;
  readonly disableGeoip: boolean;
  /** Super properties and `defaultEventProperties`; per-call properties win. */
  readonly baseProperties: () => Readonly<Record<string, unknown>> | undefined;
  /** Largest serialised event accepted on this lane. */
  readonly maxEventBytes: number;
  /** The text the lane's queue keeps once for all waiting events (`sdkPropertiesText`), if any. */
  readonly sharedText?: string;
  /** Reshapes the event for the lane's wire format (capture v1); identity when absent. */
  readonly encode?: (event: WireEvent) => unknown;
  /** The composed `beforeSend` chain, if any. */
  readonly beforeSend?: BeforeSendChain;
  /**
   * posthog-node's preview bot detection: a `$pageview` whose `$raw_user_agent` is a bot's is sent as
   * `$bot_pageview` with `$browser_type: 'bot'` (`extra` adds user-agent substrings).
   */
  readonly botPageviews?: { readonly extra: readonly string[] };
  /** Told the path of the first property that refers back to itself (replaced by `"[Circular]"`). */
  readonly onCircular?: (event: string, path: string) => void;
}

/** A validated event: the wire JSON fixed at capture time, plus its identity. @internal */
export interface BuiltEvent {
  readonly uuid: string;
  readonly json: string;
  /**
   * The form a waiting event is kept in, when the build chose it: `json` with the lane's shared text
   * replaced by {@link HELD_MARK} (see `EventDefaults.sharedText`), or `json` itself to keep it as it
   * is while the queue is short (see `EventQueue.push`).
   */
  readonly held?: string;
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
  /** A minimal `$feature_flag_called` event: only allowlisted properties survive (see `minimal-flag-called.ts`). */
  minimal?: boolean;
  /** The call's `sendFeatureFlags`, shown to `beforeSend` hooks as posthog-node does. */
  sendFeatureFlags?: BeforeSendEvent['sendFeatureFlags'];
  /**
   * Set when `properties` and `groups` are the SDK's own fresh objects of JSON-safe values (a
   * `$feature_flag_called` event): they are not walked (the size limit still holds for the event).
   */
  sdkProperties?: boolean;
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
 * exact bytes (same uuid, same timestamp). The steps follow posthog-node: merge super and call
 * properties (minimised for minimal `$feature_flag_called` events), run `beforeSend` on the message,
 * then add the SDK's own properties. Throws {@link PostHogValidationError} naming the field.
 * @internal
 */
export function buildEvent(input: EventInput, defaults: EventDefaults, nowMs: number): BuiltEvent | null {
  const limit = defaults.maxEventBytes;
  // Without a beforeSend hook these properties are what is sent: refuse an event that is too large
  // while walking it, before anything is copied or serialised. A hook may still shrink the event,
  // so with one the budget applies to what it returns.
  const budget = defaults.beforeSend === undefined ? startBudget(input.event, input.distinctId, limit) : undefined;
  const sdkBuilt = input.sdkProperties === true;
  const cycle = input.properties === undefined || sdkBuilt ? undefined : assertSerializable(input.properties, 'properties', budget);
  const base = input.withBaseProperties ? defaults.baseProperties() : undefined;
  const given = input.properties;
  // Serialised as given, without a copy, when nothing is merged into them, no hook or encoder sees
  // them and they serialise as a copy would; anything that must write to them copies them first.
  let borrowed = base === undefined && input.minimal !== true && cycle === undefined && defaults.beforeSend === undefined && defaults.encode === undefined && given !== undefined && isPlainRecord(given);
  let properties: Record<string, unknown>;
  if (borrowed) properties = given as Record<string, unknown>;
  else {
    properties = {};
    if (base !== undefined) Object.assign(properties, base);
    if (given !== undefined) Object.assign(properties, given);
    if (input.minimal === true) properties = minimalFlagCalledProperties(properties);
    // The call's own properties were walked above; merged with others, the result is walked again.
    properties = serializable(properties, 'properties', input.event, defaults, undefined, base === undefined && input.minimal !== true ? { cycle } : undefined);
  }
  let groups = input.groups === undefined ? undefined : sdkBuilt ? (input.groups as Record<string, string | number>) : serializable(groupMap(input.groups), 'groups', input.event, defaults);
  let uuid = input.uuid !== undefined && isUuid(input.uuid) ? input.uuid.toLowerCase() : uuidv7(nowMs);
  let timestamp = toWireTimestamp(input.timestamp, nowMs);
  let event = input.event;
  let distinctId = input.distinctId;
  let geoipDisabled = input.disableGeoip ?? defaults.disableGeoip;
  // v0 sends properties as they are: what the server reads as a boolean is checked at the call, and
  // again after a hook.
  const sentAsIs = defaults.encode === undefined;
  if (sentAsIs) assertWireBooleans(properties, 'properties');
  let hooked = false;

  if (defaults.beforeSend !== undefined) {
    const message: BeforeSendEvent = { distinctId, event, properties, timestamp: new Date(timestamp), uuid };
    if (groups !== undefined) message.groups = groups;
    if (input.disableGeoip !== undefined) message.disableGeoip = input.disableGeoip;
    if (input.sendFeatureFlags !== undefined) message.sendFeatureFlags = input.sendFeatureFlags;
    const result = defaults.beforeSend(message);
    if (result === null) return null;
    hooked = true;
    event = requireText(result.event, 'event (after beforeSend)');
    distinctId = result.distinctId === undefined ? distinctId : requireText(result.distinctId, 'distinctId (after beforeSend)');
    // What the hook returned is what is sent: its size is counted while it is walked.
    const afterHook = sizeBudget(limit, ENVELOPE_MIN_BYTES + event.length + distinctId.length, { uncounted: UNCOUNTED_PROPERTIES, uncountedDepth: 1, event });
    properties = serializable({ ...(result.properties ?? {}) }, 'properties (after beforeSend)', event, defaults, afterHook);
    groups = result.groups === undefined || result.groups === null ? undefined : serializable({ ...result.groups }, 'groups (after beforeSend)', event, defaults);
    if (result.uuid !== undefined && result.uuid !== uuid && isUuid(result.uuid)) uuid = result.uuid.toLowerCase();
    if (result.timestamp !== undefined && result.timestamp !== message.timestamp) timestamp = toWireTimestamp(result.timestamp, nowMs);
    if (typeof result.disableGeoip === 'boolean') geoipDisabled = result.disableGeoip;
  }

  const bots = defaults.botPageviews;
  if (bots !== undefined && event === '$pageview' && typeof properties.$raw_user_agent === 'string' && isBotUserAgent(properties.$raw_user_agent, bots.extra)) {
    event = '$bot_pageview';
    if (borrowed) properties = Object.assign({}, properties);
    borrowed = false;
    properties.$browser_type = 'bot';
  }
  // v0 without a hook: the SDK's own properties are the same text on every event, so they are
  // appended to the serialised properties instead of being added and serialised each time. Not when
  // the caller set one of those keys: the object keeps such a key where the caller put it.
  const own = sentAsIs && !hooked ? sdkPropertiesText(defaults.isServer, geoipDisabled) : undefined;
  if (own !== undefined && !hasOwnKey(properties, SDK_KEYS)) {
    // Slicing a flat string copies nothing.
    const open = JSON.stringify(properties).slice(0, -1);
    const built = serialiseWithOwn(event, distinctId, uuid, timestamp, open, groups, own, defaults.sharedText);
    assertWithinLimit(built.json, limit, event);
    return built.held === undefined ? { uuid, json: built.json } : { uuid, json: built.json, held: built.held };
  }
  if (borrowed) properties = Object.assign({}, properties);
  // In this order, as sdkPropertiesText writes them.
  properties.$lib = LIB_NAME;
  properties.$lib_version = LIB_VERSION;
  if (defaults.isServer) properties.$is_server = true;
  if (geoipDisabled) properties.$geoip_disable = true;
  // Group keys go out as given (numbers stay numbers), as posthog-node sends them.
  if (groups !== undefined && hasOwnMember(groups)) properties.$groups = groups;
  if (sentAsIs && hooked) assertWireBooleans(properties, 'properties (after beforeSend)');

  const wire: WireEvent = { event, distinct_id: distinctId, uuid, timestamp, properties };
  const json = stringifyCompact(defaults.encode === undefined ? wire : defaults.encode(wire));
  assertWithinLimit(json, limit, event);
  return { uuid, json };
}

/**
 * Builds an event whose properties the SDK has already written as JSON text (`openPropertiesJson`,
 * without its closing `}`; a `$feature_flag_called` event): no message, walk or copy of properties.
 * `undefined` when the lane cannot send that text as it is — a `beforeSend` hook, a wire encoder or
 * super properties would change it — or when the event is near or over the size limit: then the
 * caller goes through {@link buildEvent}, which applies those and names what is wrong.
 * @internal
 */
export function buildWrittenEvent(
  event: string,
  distinctId: string,
  openPropertiesJson: string,
  groups: Record<string, string> | undefined,
  disableGeoip: boolean | undefined,
  defaults: EventDefaults,
  nowMs: number,
): BuiltEvent | undefined {
  if (defaults.beforeSend !== undefined || defaults.encode !== undefined || defaults.baseProperties() !== undefined) return undefined;
  const limit = defaults.maxEventBytes;
  if (event.length + distinctId.length + ENVELOPE_MIN_BYTES > limit || distinctId.trim() === '') return undefined;
  const own = sdkPropertiesText(defaults.isServer, disableGeoip ?? defaults.disableGeoip);
  const uuid = uuidv7(nowMs);
  // No held form is made here: the event's text is a rope over pieces most events share (the flag's
  // kept properties text, the SDK's own), offered to the queue as it is (`held` is `json`). Kept so,
  // it is flattened once, when its batch is written, instead of copied into a held form here and
  // rebuilt and flattened there (~10% of a read that sends the event).
  const { json } = serialiseWithOwn(event, distinctId, uuid, toWireTimestamp(undefined, nowMs), openPropertiesJson, groups, own, undefined);
  if (json.length * 3 > limit && utf8Length(json) > limit) return undefined;
  return { uuid, json, held: json };
}

/** Throws naming `properties` when the serialised event is over `limit` bytes. */
function assertWithinLimit(json: string, limit: number, event: string): void {
  // Most events are far below the limit; measure bytes exactly only when they might not be.
  if (json.length * 3 > limit) {
    const bytes = utf8Length(json);
    if (bytes > limit) {
      throw new PostHogValidationError('properties', `make event "${excerpt(event)}" ${bytes} bytes, over the ${limit}-byte limit of one event`);
    }
  }
}

/**
 * Whether `value` serialises exactly as a plain copy of its own members would: a plain object (no
 * prototype of its own, hence no inherited `toJSON`), no own `toJSON`, no own `__proto__` member
 * (which a copy made by assignment would swallow).
 */
function isPlainRecord(value: Record<string, unknown>): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !Object.hasOwn(value, 'toJSON') && !Object.hasOwn(value, '__proto__');
}

/** Keys the SDK writes into every event's properties (`$groups` when the event has groups). */
const SDK_KEYS = ['$lib', '$lib_version', '$is_server', '$geoip_disable', '$groups'] as const;

/** Whether `record` has any own enumerable member (without making the array `Object.keys` would). @internal */
export function hasOwnMember(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

function hasOwnKey(object: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of keys) if (Object.hasOwn(object, key)) return true;
  return false;
}

/**
 * The same text `JSON.stringify` makes of `{event, distinct_id, uuid, timestamp, properties}` once
 * the SDK's properties (`own`, then `$groups`) are added to `properties` (`open` is
 * `JSON.stringify(properties)` without its closing `}`; they must hold none of those keys). When
 * `own` is the lane's `shared` text, also the held form, made in the one copy that flattens the
 * pieces.
 */
function serialiseWithOwn(
  event: string,
  distinctId: string,
  uuid: string,
  timestamp: string,
  open: string,
  groups: Record<string, unknown> | undefined,
  own: string,
  shared: string | undefined,
): { json: string; held?: string } {
  // The uuid (lowercase hex) and the timestamp (ISO-8601) need no escaping; most events repeat a name.
  const envelope = `{"event":${eventNameJson(event)},"distinct_id":${JSON.stringify(distinctId)},"uuid":"${uuid}","timestamp":"${timestamp}","properties":`;
  const tail = groups !== undefined && hasOwnMember(groups) ? `,"$groups":${JSON.stringify(groups)}}}` : '}}';
  if (open.length === 1) return { json: `${envelope}{${own.slice(1)}${tail}` };
  const head = envelope + open;
  // The held form is one flat copy; the full text is only a rope over it, read once on its way in.
  if (own === shared) return { json: head + own + tail, held: [head, tail].join(HELD_MARK) };
  return { json: head + own + tail };
}

let lastEventName = '';
let lastEventNameJson = '""';

/** `JSON.stringify(event)`, remembered for the last name (events of a burst mostly share one). */
function eventNameJson(event: string): string {
  if (event !== lastEventName) {
    lastEventNameJson = JSON.stringify(event);
    lastEventName = event;
  }
  return lastEventNameJson;
}

/** {@link sdkPropertiesText} for the four settings. */
const sdkTexts: Array<string | undefined> = [undefined, undefined, undefined, undefined];

/**
 * The text of the SDK's own properties as {@link buildEvent} appends them to an event of a client
 * with these settings (a comma first): the delivery queue keeps it once instead of in every event.
 * @internal
 */
export function sdkPropertiesText(isServer: boolean, geoipDisabled: boolean): string {
  // Made once per setting: the builder and the lane's queue hold the same string, so the builder's
  // per-event check that they agree is an identity comparison.
  const index = (isServer ? 2 : 0) + (geoipDisabled ? 1 : 0);
  let text = sdkTexts[index];
  if (text === undefined) {
    const own: Record<string, unknown> = { $lib: LIB_NAME, $lib_version: LIB_VERSION };
    if (isServer) own.$is_server = true;
    if (geoipDisabled) own.$geoip_disable = true;
    text = `,${JSON.stringify(own).slice(1, -1)}`;
    sdkTexts[index] = text;
  }
  return text;
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

/** Checks what JSON cannot carry (throws naming the path); a cycle is replaced by `"[Circular]"` and reported. */
function serializable<T extends object>(value: T, path: string, event: string, defaults: EventDefaults, budget?: SizeBudget, known?: { cycle: string | undefined }): T {
  const cycle = known !== undefined ? known.cycle : assertSerializable(value, path, budget);
  if (cycle === undefined) return value;
  defaults.onCircular?.(event, cycle);
  return replaceCycles(value);
}

/** Groups as a plain map (a `Groups` builder's own keys), values as given. */
function groupMap(groups: GroupMap | Groups): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key in groups) {
    if (Object.hasOwn(groups, key)) out[key] = (groups as Record<string, string | number>)[key];
  }
  return out;
}
