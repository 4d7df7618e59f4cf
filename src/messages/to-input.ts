import type { AliasMessage, CaptureMessage, GroupIdentifyMessage, IdentifyMessage } from './message.js';
import type { EventInput } from './build-event.js';
import { requireObject, requireText } from './validate.js';

/**
 * Maps each public message to the generic event input, validating ids and shapes. Each function
 * throws a PostHogValidationError naming the field; nothing is enqueued for a bad message.
 * (Event shapes: reference/events.md §2–§5.)
 * @internal
 */
export function captureInput(message: CaptureMessage, minimal = false, sdkProperties = false): EventInput {
  return {
    event: requireText(message?.event, 'event'),
    distinctId: requireText(message.distinctId, 'distinctId'),
    properties: requireObject(message.properties, 'properties'),
    groups: requireObject(message.groups, 'groups') as CaptureMessage['groups'],
    timestamp: message.timestamp,
    uuid: message.uuid,
    disableGeoip: message.disableGeoip,
    withBaseProperties: true,
    minimal,
    sendFeatureFlags: message.sendFeatureFlags,
    sdkProperties,
  };
}

/** `$identify`: plain keys become `$set` unless `$set` is given; `$set_once` passes through. @internal */
export function identifyInput(message: IdentifyMessage): EventInput {
  const distinctId = requireText(message?.distinctId, 'distinctId');
  const given = requireObject(message.properties, 'properties') ?? {};
  const { $set, $set_once, $anon_distinct_id, ...plain } = given as Record<string, unknown>;
  const properties: Record<string, unknown> = {
    $set: requireObject($set, 'properties.$set') ?? plain,
    $set_once: requireObject($set_once, 'properties.$set_once') ?? {},
  };
  if ($anon_distinct_id !== undefined) properties.$anon_distinct_id = $anon_distinct_id;
  return { event: '$identify', distinctId, properties, timestamp: message.timestamp, uuid: message.uuid, disableGeoip: message.disableGeoip, withBaseProperties: false };
}

/** `$create_alias`: root and `properties.distinct_id` are `distinctId`, `properties.alias` the other id. @internal */
export function aliasInput(message: AliasMessage): EventInput {
  const distinctId = requireText(message?.distinctId, 'distinctId');
  const alias = requireText(message.alias, 'alias');
  return {
    event: '$create_alias',
    distinctId,
    properties: { distinct_id: distinctId, alias },
    timestamp: message.timestamp,
    uuid: message.uuid,
    disableGeoip: message.disableGeoip,
    withBaseProperties: false,
  };
}

/** `$groupidentify`: distinct id defaults to `$<type>_<key>`; properties go to `$group_set`. @internal */
export function groupIdentifyInput(message: GroupIdentifyMessage): EventInput {
  const groupType = requireText(message?.groupType, 'groupType');
  const groupKey = requireText(message.groupKey, 'groupKey');
  const distinctId = message.distinctId === undefined ? `$${groupType}_${groupKey}` : requireText(message.distinctId, 'distinctId');
  return {
    event: '$groupidentify',
    distinctId,
    properties: { $group_type: groupType, $group_key: groupKey, $group_set: requireObject(message.properties, 'properties') ?? {} },
    timestamp: message.timestamp,
    uuid: message.uuid,
    disableGeoip: message.disableGeoip,
    withBaseProperties: false,
  };
}
