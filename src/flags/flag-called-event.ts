import { hasOwnMember } from '../messages/build-event.js';
import type { CaptureMessage } from '../messages/message.js';
import type { Resolution } from './resolution.js';

/**
 * Where a flag read that is due a `$feature_flag_called` event goes: the capture pipeline, which
 * builds the event from the read (see {@link flagCalledPropertiesText} and {@link flagCalledEvent}).
 * `groups` are the read's groups as the flags service takes them.
 * @internal
 */
export type FlagCalledSink = (distinctId: string, resolution: Resolution, groups: Record<string, string> | undefined, disableGeoip: boolean | undefined) => void;

/** A `$feature_flag_called` event as a message, for the capture pipeline's general path. @internal */
export interface FlagCalledEvent {
  message: CaptureMessage;
  minimal: boolean;
}

/** Whether a read's event is minimal: the server's gate is on and the flag has no experiment. @internal */
export function isMinimalFlagCalled(resolution: Resolution): boolean {
  return resolution.minimalEvents && resolution.hasExperiment === false;
}

/** A JSON value as `JSON.stringify` writes it, for the kinds a resolution holds. */
function json(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

/**
 * The properties' text of a read's event in two parts: everything written before
 * `$feature_flag_evaluated_at` (opening brace included) and everything after it (no closing brace).
 * The order is the one {@link flagCalledEvent} sets the properties in.
 */
function writeParts(r: Resolution, minimal: boolean): { head: string; tail: string } {
  let head = `{"$feature_flag":${JSON.stringify(r.key)}`;
  if (r.value !== undefined) {
    const value = json(r.value);
    head += `,"$feature_flag_response":${value}`;
    if (!minimal) head += `,${JSON.stringify(`$feature/${r.key}`)}:${value}`;
  }
  head += r.locallyEvaluated ? ',"locally_evaluated":true' : ',"locally_evaluated":false';
  if (r.id !== undefined) head += `,"$feature_flag_id":${json(r.id)}`;
  if (r.version !== undefined) head += `,"$feature_flag_version":${json(r.version)}`;
  if (r.reason !== undefined) head += `,"$feature_flag_reason":${json(r.reason.description)}`;
  if (r.requestId !== undefined) head += `,"$feature_flag_request_id":${json(r.requestId)}`;
  let tail = '';
  if (r.definitionsLoadedAt !== undefined && !minimal) tail += `,"$feature_flag_definitions_loaded_at":${json(r.definitionsLoadedAt)}`;
  if (r.hasExperiment !== undefined) tail += `,"$feature_flag_has_experiment":${json(r.hasExperiment)}`;
  if (r.errors.length > 0) tail += `,"$feature_flag_error":${json(r.errors.join(','))}`;
  return { head, tail };
}

/** The parts of one outcome of a flag, kept with what they were written from. */
interface KeptParts {
  readonly value: Resolution['value'];
  readonly reason: string | undefined;
  readonly id: number | undefined;
  readonly version: number | undefined;
  readonly hasExperiment: boolean | undefined;
  readonly definitionsLoadedAt: number | undefined;
  readonly locallyEvaluated: boolean;
  readonly minimal: boolean;
  readonly head: string;
  readonly tail: string;
}

/** Flags whose outcomes' parts are kept; past it, the map starts over. */
const KEPT_FLAGS = 1024;
/** Outcomes kept per flag (its variants times its reasons, for most flags); past it, the oldest goes. */
const KEPT_OUTCOMES = 8;
const keptParts = new Map<string, KeptParts[]>();

/**
 * {@link writeParts}, kept per flag and outcome: reads of one flag mostly repeat a few outcomes
 * (value, reason, metadata), and comparing those costs less than writing the text again. Only an
 * outcome with no request id and no errors is kept (a remote answer's request id is new each time).
 */
function partsOf(r: Resolution, minimal: boolean): { head: string; tail: string } {
  if (r.requestId !== undefined || r.errors.length > 0) return writeParts(r, minimal);
  const reason = r.reason?.description;
  let list = keptParts.get(r.key);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const k = list[i];
      if (
        k.value === r.value && k.reason === reason && k.id === r.id && k.version === r.version && k.hasExperiment === r.hasExperiment &&
        k.definitionsLoadedAt === r.definitionsLoadedAt && k.locallyEvaluated === r.locallyEvaluated && k.minimal === minimal
      ) {
        return k;
      }
    }
  } else {
    if (keptParts.size >= KEPT_FLAGS) keptParts.clear();
    list = [];
    keptParts.set(r.key, list);
  }
  const { head, tail } = writeParts(r, minimal);
  const kept: KeptParts = {
    value: r.value, reason, id: r.id, version: r.version, hasExperiment: r.hasExperiment,
    definitionsLoadedAt: r.definitionsLoadedAt, locallyEvaluated: r.locallyEvaluated, minimal, head, tail,
  };
  if (list.length >= KEPT_OUTCOMES) list.shift();
  list.push(kept);
  return kept;
}

let lastEvaluatedAt = Number.NaN;
let lastEvaluatedAtText = '';

/** `,"$feature_flag_evaluated_at":<ms>`, remembered for the last time (reads in one millisecond share it). */
function evaluatedAtText(evaluatedAt: number): string {
  if (evaluatedAt !== lastEvaluatedAt) {
    lastEvaluatedAtText = `,"$feature_flag_evaluated_at":${json(evaluatedAt)}`;
    lastEvaluatedAt = evaluatedAt;
  }
  return lastEvaluatedAtText;
}

/**
 * The JSON text of the properties of a read's `$feature_flag_called` event (reference: events.md
 * §7), without the closing `}`: exactly `JSON.stringify` of {@link flagCalledEvent}'s properties,
 * left open so that the event's text continues it without a copy. In minimal mode only flag and
 * debug keys are written.
 * @internal
 */
export function flagCalledPropertiesText(resolution: Resolution): string {
  const { head, tail } = partsOf(resolution, isMinimalFlagCalled(resolution));
  const at = resolution.evaluatedAt;
  return at === undefined ? head + tail : head + evaluatedAtText(at) + tail;
}

/**
 * Builds `$feature_flag_called` for a flag read as a message, its properties in the order
 * {@link flagCalledPropertiesText} writes them. In minimal mode only flag and debug keys are kept.
 * @internal
 */
export function flagCalledEvent(
  distinctId: string,
  resolution: Resolution,
  groups: Record<string, string> | undefined,
  disableGeoip: boolean | undefined,
): FlagCalledEvent {
  const r = resolution;
  const minimal = isMinimalFlagCalled(r);
  const properties: Record<string, unknown> = { $feature_flag: r.key };
  if (r.value !== undefined) {
    properties.$feature_flag_response = r.value;
    if (!minimal) properties[`$feature/${r.key}`] = r.value;
  }
  properties.locally_evaluated = r.locallyEvaluated;
  if (r.id !== undefined) properties.$feature_flag_id = r.id;
  if (r.version !== undefined) properties.$feature_flag_version = r.version;
  if (r.reason !== undefined) properties.$feature_flag_reason = r.reason.description;
  if (r.requestId !== undefined) properties.$feature_flag_request_id = r.requestId;
  if (r.evaluatedAt !== undefined) properties.$feature_flag_evaluated_at = r.evaluatedAt;
  if (r.definitionsLoadedAt !== undefined && !minimal) properties.$feature_flag_definitions_loaded_at = r.definitionsLoadedAt;
  if (r.hasExperiment !== undefined) properties.$feature_flag_has_experiment = r.hasExperiment;
  if (r.errors.length > 0) properties.$feature_flag_error = r.errors.join(',');
  const message: CaptureMessage = { distinctId, event: '$feature_flag_called', properties };
  if (groups !== undefined && hasOwnMember(groups)) message.groups = groups;
  if (disableGeoip !== undefined) message.disableGeoip = disableGeoip;
  return { message, minimal };
}
