import { hasOwnMember } from '../messages/build-event.js';
import type { CaptureMessage } from '../messages/message.js';
import type { Resolution } from './resolution.js';

/**
 * Where a `$feature_flag_called` event goes: the capture pipeline, minimal or full, with the JSON
 * text of its properties (see {@link FlagCalledEvent.openPropertiesJson}).
 * @internal
 */
export type FlagCalledSink = (message: CaptureMessage, minimal: boolean, openPropertiesJson: string) => void;

/** A `$feature_flag_called` event ready for the capture pipeline. @internal */
export interface FlagCalledEvent {
  message: CaptureMessage;
  minimal: boolean;
  /**
   * Exactly `JSON.stringify(message.properties)` without its closing `}`, written as the properties
   * are set (no walk, no second pass). Left open so that the event's text can continue it without
   * first copying it to cut the brace off.
   */
  openPropertiesJson: string;
}

/** A JSON value as `JSON.stringify` writes it, for the kinds a resolution holds. */
function json(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

/** Most keys each remembering map below holds; past it, the map starts over. */
const REMEMBERED_MAX = 1024;

/** `make(key)`, remembered in `cache` (up to {@link REMEMBERED_MAX} keys). */
function remembered<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size >= REMEMBERED_MAX) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const quotedTexts = new Map<string, string>();
const quote = (text: string): string => JSON.stringify(text);

/**
 * {@link json} of a string that flag reads repeat — a flag key, a variant, a reason — remembered:
 * a lookup costs less than escaping it again for every event.
 */
function repeated(text: string): string {
  return remembered(quotedTexts, text, quote);
}

/** A flag's `$feature/<key>` property: its name, and the name as JSON. */
type FeatureName = readonly [name: string, json: string];
const featureNames = new Map<string, FeatureName>();
const makeFeatureName = (key: string): FeatureName => {
  const name = `$feature/${key}`;
  return [name, JSON.stringify(name)];
};

/**
 * The `$feature/<key>` property name of a flag and its JSON, remembered by flag key: made once, the
 * name is the same string on every event, so setting it on the properties object does not look up
 * a new string each time.
 */
function featureName(key: string): FeatureName {
  return remembered(featureNames, key, makeFeatureName);
}

/**
 * Builds `$feature_flag_called` for a flag read (reference: events.md §7). In minimal mode — the
 * server's gate is on and the flag has no experiment — only flag and debug keys are kept.
 * @internal
 */
export function flagCalledEvent(
  distinctId: string,
  resolution: Resolution,
  groups: Record<string, string> | undefined,
  disableGeoip: boolean | undefined,
): FlagCalledEvent {
  const r = resolution;
  const minimal = r.minimalEvents && r.hasExperiment === false;
  const properties: Record<string, unknown> = { $feature_flag: r.key };
  let text = `{"$feature_flag":${repeated(r.key)}`;
  if (r.value !== undefined) {
    const value = typeof r.value === 'string' ? repeated(r.value) : json(r.value);
    properties.$feature_flag_response = r.value;
    text += `,"$feature_flag_response":${value}`;
    if (!minimal) {
      const [name, nameJson] = featureName(r.key);
      properties[name] = r.value;
      text += `,${nameJson}:${value}`;
    }
  }
  properties.locally_evaluated = r.locallyEvaluated;
  text += r.locallyEvaluated ? ',"locally_evaluated":true' : ',"locally_evaluated":false';
  if (r.id !== undefined) {
    properties.$feature_flag_id = r.id;
    text += `,"$feature_flag_id":${json(r.id)}`;
  }
  if (r.version !== undefined) {
    properties.$feature_flag_version = r.version;
    text += `,"$feature_flag_version":${json(r.version)}`;
  }
  if (r.reason !== undefined) {
    properties.$feature_flag_reason = r.reason.description;
    text += `,"$feature_flag_reason":${repeated(r.reason.description)}`;
  }
  if (r.requestId !== undefined) {
    properties.$feature_flag_request_id = r.requestId;
    text += `,"$feature_flag_request_id":${json(r.requestId)}`;
  }
  if (r.evaluatedAt !== undefined) {
    properties.$feature_flag_evaluated_at = r.evaluatedAt;
    text += `,"$feature_flag_evaluated_at":${json(r.evaluatedAt)}`;
  }
  if (r.definitionsLoadedAt !== undefined && !minimal) {
    properties.$feature_flag_definitions_loaded_at = r.definitionsLoadedAt;
    text += `,"$feature_flag_definitions_loaded_at":${json(r.definitionsLoadedAt)}`;
  }
  if (r.hasExperiment !== undefined) {
    properties.$feature_flag_has_experiment = r.hasExperiment;
    text += `,"$feature_flag_has_experiment":${json(r.hasExperiment)}`;
  }
  if (r.errors.length > 0) {
    const errors = r.errors.join(',');
    properties.$feature_flag_error = errors;
    text += `,"$feature_flag_error":${json(errors)}`;
  }
  const message: CaptureMessage = { distinctId, event: '$feature_flag_called', properties };
  if (groups !== undefined && hasOwnMember(groups)) message.groups = groups;
  if (disableGeoip !== undefined) message.disableGeoip = disableGeoip;
  return { message, minimal, openPropertiesJson: text };
}
