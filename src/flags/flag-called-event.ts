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

/** Most texts {@link repeated} remembers; past it, it starts over. */
const REPEATED_MAX = 1024;
const repeatedTexts = new Map<string, string>();

/**
 * {@link json} of a string that flag reads repeat — a flag key, a variant, a reason — remembered:
 * a lookup costs less than escaping it again for every event.
 */
function repeated(text: string): string {
  let quoted = repeatedTexts.get(text);
  if (quoted === undefined) {
    quoted = JSON.stringify(text);
    if (repeatedTexts.size >= REPEATED_MAX) repeatedTexts.clear();
    repeatedTexts.set(text, quoted);
  }
  return quoted;
}

/** A flag's `$feature/<key>` property: its name, and the name as JSON. */
type FeatureName = readonly [name: string, json: string];
const featureNames = new Map<string, FeatureName>();

/**
 * The `$feature/<key>` property name of a flag and its JSON, remembered by flag key (up to
 * {@link REPEATED_MAX}): made once, the name is the same string on every event, so setting it on the
 * properties object does not look up a new string each time.
 */
function featureName(key: string): FeatureName {
  let name = featureNames.get(key);
  if (name === undefined) {
    const text = `$feature/${key}`;
    name = [text, JSON.stringify(text)];
    if (featureNames.size >= REPEATED_MAX) featureNames.clear();
    featureNames.set(key, name);
  }
  return name;
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
