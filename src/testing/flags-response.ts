import type { FlagValue } from '../flags/flag-source.js';

/**
 * Builds a `/flags?v=2` response for the served flags, limited to `flag_keys_to_evaluate` when the
 * request names keys. Payloads go out JSON-encoded in `metadata.payload`, as PostHog sends them.
 * @internal
 */
export function flagsResponse(
  flags: Record<string, FlagValue>,
  payloads: Record<string, unknown>,
  requestBody: unknown,
  requestId: string,
): Record<string, unknown> {
  const wanted = (requestBody as { flag_keys_to_evaluate?: unknown })?.flag_keys_to_evaluate;
  const keys = Object.keys(flags).filter((key) => !Array.isArray(wanted) || wanted.includes(key));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = flags[key];
    const payload = payloads[key];
    out[key] = {
      key,
      enabled: value !== false,
      variant: typeof value === 'string' ? value : null,
      failed: false,
      reason: value === false
        ? { code: 'no_condition_match', description: 'No matching condition set' }
        : { code: 'condition_match', condition_index: 0, description: 'Matched condition set 1' },
      metadata: { id: Object.keys(flags).indexOf(key) + 1, version: 1, payload: payload === undefined ? null : JSON.stringify(payload) },
    };
  }
  return { flags: out, errorsWhileComputingFlags: false, requestId, evaluatedAt: Date.now() };
}
