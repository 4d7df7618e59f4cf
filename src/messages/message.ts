import type { Groups } from './builders.js';

/** Properties of an event: any JSON-serialisable values. */
export type EventProperties = Record<string, unknown>;

/** Group memberships of an event: group type → group key, e.g. `{ company: 'acme' }`. */
export type GroupMap = Record<string, string | number>;

/** When an event happened: a Date, an ISO-8601 string, or epoch milliseconds. Defaults to now. */
export type EventTimestamp = Date | string | number;

/** Fields every message may carry. */
export interface MessageCommon {
  /** Event time; converted to UTC. @default now */
  timestamp?: EventTimestamp;
  /** Event uuid; a valid one is kept, otherwise a UUIDv7 is generated. */
  uuid?: string;
  /** Ask PostHog not to resolve GeoIP for this event (overrides the client option). */
  disableGeoip?: boolean;
}

/**
 * An event. `$set` / `$set_once` inside `properties` update the person; `groups` attaches the event
 * to groups. A page view is `event: '$pageview'` with `properties.$current_url`.
 * @example client.capture({ distinctId: 'user-1', event: 'order placed', properties: { total: 42 } })
 */
export interface CaptureMessage extends MessageCommon {
  /**
   * Who did it: a non-empty string. It may be left out inside a request context (`withContext`, the
   * framework middlewares): the context's distinct id is used, or, when the context has none, the
   * event is sent personless (a generated id, `$process_person_profile: false`). Outside any request
   * context an event without a distinct id is rejected with a `PostHogValidationError` naming
   * `distinctId` (posthog-node would send it personless).
   */
  distinctId?: string;
  /** What happened. Required, non-empty. */
  event: string;
  properties?: EventProperties;
  /** Groups the event belongs to: a plain map or a `Groups` builder. */
  groups?: GroupMap | Groups;
  /**
   * Add `$feature/<key>` and `$active_feature_flags` for this user's flags before sending: from
   * local evaluation only when definitions are loaded, otherwise one `/flags` request (with this
   * call's `disableGeoip`), as posthog-node. The object form says how to evaluate them.
   */
  sendFeatureFlags?: boolean | SendFeatureFlagsOptions;
  /**
   * A snapshot from `evaluateFlags()`: its values are attached as `$feature/<key>` and
   * `$active_feature_flags` without evaluating again (pass `snapshot.onlyAccessed()` or
   * `snapshot.only([...])` for a subset). Takes precedence over `sendFeatureFlags`.
   */
  flags?: FlagValuesSnapshot;
}

/** How `capture({ sendFeatureFlags })` evaluates the flags it attaches (posthog-node's `SendFeatureFlagsOptions`). */
export interface SendFeatureFlagsOptions {
  /** Never call `/flags` for them. @default the client's `strictLocalEvaluation` */
  onlyEvaluateLocally?: boolean;
  /** Person properties to evaluate with. */
  personProperties?: Record<string, unknown>;
  /** Group properties to evaluate with, by group type. */
  groupProperties?: Record<string, Record<string, unknown>>;
  /** Only these flags. */
  flagKeys?: string[];
}

/** `setPersonProperties()`'s object form: `properties` become `$set`, `propertiesOnce` `$set_once`. */
export interface SetPersonPropertiesMessage {
  distinctId: string;
  properties?: Record<string | number, unknown>;
  propertiesOnce?: Record<string | number, unknown>;
}

/** `unsetPersonProperties()`: the person properties to remove (`$unset`). */
export interface UnsetPersonPropertiesMessage {
  distinctId: string;
  /** One property name or several; empty names are ignored. */
  properties: string | string[];
}

/**
 * Sets person properties. Plain keys of `properties` become `$set`; or pass `$set` / `$set_once`
 * explicitly (then other plain keys are ignored, as posthog-node does).
 */
export interface IdentifyMessage extends MessageCommon {
  distinctId: string;
  properties?: EventProperties;
}

/** Links two ids of one person: `alias` becomes another id of `distinctId`. */
export interface AliasMessage extends MessageCommon {
  distinctId: string;
  alias: string;
}

/** Sets properties on a group (`$groupidentify`). */
export interface GroupIdentifyMessage extends MessageCommon {
  groupType: string;
  groupKey: string | number;
  properties?: EventProperties;
  /** Whose action it was. @default `$<groupType>_<groupKey>` */
  distinctId?: string;
}

/** A typed message for {@link PostHog.enqueue}, the posthog-go style entry point. */
export type Message =
  | ({ type: 'capture' } & CaptureMessage)
  | ({ type: 'identify' } & IdentifyMessage)
  | ({ type: 'alias' } & AliasMessage)
  | ({ type: 'groupIdentify' } & GroupIdentifyMessage);

/** The JSON object sent for one event (v0 `/batch/` shape). */
export interface WireEvent {
  event: string;
  distinct_id: string;
  uuid: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/**
 * Flag values to stamp on an event: what `evaluateFlags()` returns (or a subset of it). Either
 * `values()` is read, or (posthog-node's snapshot) `_getEventProperties()`.
 */
export type FlagValuesSnapshot =
  | {
      /** Each flag's value: `true` / `false` or a variant key. */
      values(): Record<string, string | boolean>;
    }
  | {
      /** The `$feature/<key>` and `$active_feature_flags` properties to add. */
      _getEventProperties(): Record<string, unknown>;
    };
