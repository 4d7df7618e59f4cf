import type { CaptureMessage } from '../messages/message.js';
import type { Resolution } from './resolution.js';

/** Where a `$feature_flag_called` event goes: the capture pipeline, minimal or full. @internal */
export type FlagCalledSink = (message: CaptureMessage, minimal: boolean) => void;

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
): { message: CaptureMessage; minimal: boolean } {
  const r = resolution;
  const minimal = r.minimalEvents && r.hasExperiment === false;
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
  if (groups !== undefined && Object.keys(groups).length > 0) message.groups = groups;
  if (disableGeoip !== undefined) message.disableGeoip = disableGeoip;
  return { message, minimal };
}
