import type { FlagValue } from '../flags/flag-source.js';
import { stringifyCompact } from '../messages/compact-json.js';

/**
 * Adds `$feature/<key>` for every flag and `$active_feature_flags` (sorted keys of enabled flags,
 * omitted when empty) to a serialised event. Caller-set keys win (reference: events.md §6).
 * @internal
 */
export function enrichWithFlags(json: string, flags: Record<string, FlagValue>): string {
  const keys = Object.keys(flags);
  if (keys.length === 0) return json;
  const event = JSON.parse(json) as { properties: Record<string, unknown> };
  const properties = event.properties;
  const active: string[] = [];
  for (const key of keys) {
    const value = flags[key];
    if (!(`$feature/${key}` in properties)) properties[`$feature/${key}`] = value;
    if (value !== false) active.push(key);
  }
  if (active.length > 0 && !('$active_feature_flags' in properties)) properties.$active_feature_flags = active.sort();
  return stringifyCompact(event);
}
