import type { EvaluationContext, EvaluationContextValue } from '@openfeature/server-sdk';
import type { FlagCallOptions } from '../../flags/feature-flags-client.js';

/** Context attributes with a meaning of their own; every other attribute is a person property. */
const GROUPS = 'groups';
const GROUP_PROPERTIES = 'groupProperties';

/** Who an OpenFeature evaluation is for, as a posthog-ts flag call. @internal */
export interface FlagCallTarget {
  /** `targetingKey`; `undefined` leaves it to the request context. */
  distinctId: string | undefined;
  options: FlagCallOptions;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** Dates become ISO strings, which PostHog's date operators compare; the rest passes as it is. */
function propertyValue(value: EvaluationContextValue): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** `{ type: key }` with string or number keys; anything else is dropped. */
function readGroups(value: EvaluationContextValue): Record<string, string | number> {
  const groups: Record<string, string | number> = {};
  if (!isRecord(value)) return groups;
  for (const [type, key] of Object.entries(value)) if (typeof key === 'string' || typeof key === 'number') groups[type] = key;
  return groups;
}

/** `{ type: { property: value } }`; anything else is dropped. */
function readGroupProperties(value: EvaluationContextValue): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isRecord(value)) return out;
  for (const [type, properties] of Object.entries(value)) if (isRecord(properties)) out[type] = properties;
  return out;
}

/**
 * Maps an OpenFeature evaluation context onto a flag call: `targetingKey` → distinct id, `groups`
 * (`{ company: 'acme' }`) → groups, `groupProperties` (`{ company: { plan: 'pro' } }`) → group
 * properties, every other attribute → a person property.
 * @internal
 */
export function flagCallTarget(context: EvaluationContext): FlagCallTarget {
  const personProperties: Record<string, unknown> = {};
  const options: FlagCallOptions = { personProperties };
  let distinctId: string | undefined;
  for (const [name, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (name === 'targetingKey') {
      if (typeof value === 'string' && value.trim() !== '') distinctId = value;
    } else if (name === GROUPS) options.groups = readGroups(value);
    else if (name === GROUP_PROPERTIES) options.groupProperties = readGroupProperties(value);
    else personProperties[name] = propertyValue(value);
  }
  return { distinctId, options };
}
