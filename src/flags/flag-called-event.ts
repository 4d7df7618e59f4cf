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

/** One property of a read's event: its name and value. */
type Property = readonly [name: string, value: unknown];

/**
 * The properties of a read's event (reference: events.md §7), in the order they are sent, split
 * around `$feature_flag_evaluated_at`, the one that changes with every read's time. The message
 * and the text are both made from this list, so they cannot disagree.
 */
function propertiesOf(r: Resolution, minimal: boolean): { before: Property[]; after: Property[] } {
  const before: Property[] = [['$feature_flag', r.key]];
  if (r.value !== undefined) {
    before.push(['$feature_flag_response', r.value]);
    if (!minimal) before.push([`$feature/${r.key}`, r.value]);
  }
  before.push(['locally_evaluated', r.locallyEvaluated]);
  if (r.id !== undefined) before.push(['$feature_flag_id', r.id]);
  if (r.version !== undefined) before.push(['$feature_flag_version', r.version]);
  if (r.reason !== undefined) before.push(['$feature_flag_reason', r.reason.description]);
  if (r.requestId !== undefined) before.push(['$feature_flag_request_id', r.requestId]);
  const after: Property[] = [];
  if (r.definitionsLoadedAt !== undefined && !minimal) after.push(['$feature_flag_definitions_loaded_at', r.definitionsLoadedAt]);
  if (r.hasExperiment !== undefined) after.push(['$feature_flag_has_experiment', r.hasExperiment]);
  if (r.errors.length > 0) after.push(['$feature_flag_error', r.errors.join(',')]);
  return { before, after };
}

/**
 * The properties' text of a read's event in two parts: everything before
 * `$feature_flag_evaluated_at` (opening brace included) and everything after it (no closing brace).
 */
function writeParts(r: Resolution, minimal: boolean): { head: string; tail: string } {
  const { before, after } = propertiesOf(r, minimal);
  const head = JSON.stringify(Object.fromEntries(before)).slice(0, -1);
  return { head, tail: after.length === 0 ? '' : `,${JSON.stringify(Object.fromEntries(after)).slice(1, -1)}` };
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
    lastEvaluatedAtText = `,"$feature_flag_evaluated_at":${JSON.stringify(evaluatedAt)}`;
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
  const minimal = isMinimalFlagCalled(resolution);
  const { before, after } = propertiesOf(resolution, minimal);
  const properties: Record<string, unknown> = Object.fromEntries(before);
  if (resolution.evaluatedAt !== undefined) properties.$feature_flag_evaluated_at = resolution.evaluatedAt;
  for (const [name, value] of after) properties[name] = value;
  const message: CaptureMessage = { distinctId, event: '$feature_flag_called', properties };
  if (groups !== undefined && hasOwnMember(groups)) message.groups = groups;
  if (disableGeoip !== undefined) message.disableGeoip = disableGeoip;
  return { message, minimal };
}
