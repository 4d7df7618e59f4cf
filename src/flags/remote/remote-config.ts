import type { JsonType } from '../../base/json.js';
import { LIB_NAME, LIB_VERSION } from '../../base/version.js';
import { describeFetchError, withDeadline } from '../../delivery/transport.js';

/** Settings of a remote config request. @internal */
export interface RemoteConfigRequest {
  host: string;
  apiKey: string;
  /** Personal API key or project secret key: the endpoint decrypts the payload for it. */
  secretKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * The remote config payload of a flag (`GET /api/projects/@current/feature_flags/<key>/remote_config`,
 * with the personal API key — posthog-node's `getRemoteConfigPayload`). The endpoint answers the
 * payload as JSON text inside JSON, so a string is parsed once more. `{ ok: false }` with why when
 * the request failed or was refused.
 * @internal
 */
export async function requestRemoteConfigPayload(request: RemoteConfigRequest, flagKey: string): Promise<{ ok: true; payload: JsonType | undefined } | { ok: false; error: string }> {
  const url = `${request.host}/api/projects/@current/feature_flags/${encodeURIComponent(flagKey)}/remote_config?token=${encodeURIComponent(request.apiKey)}`;
  try {
    return await withDeadline(request.signal, request.timeoutMs, async (signal) => {
      const response = await request.fetch(url, {
        method: 'GET',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${request.secretKey}`, 'User-Agent': `${LIB_NAME}/${LIB_VERSION}` },
        signal,
      });
      const text = await response.text();
      if (response.status < 200 || response.status >= 300) return { ok: false as const, error: `HTTP ${response.status}` };
      if (text.trim() === '') return { ok: true as const, payload: undefined };
      const parsed = JSON.parse(text) as JsonType;
      if (typeof parsed !== 'string') return { ok: true as const, payload: parsed };
      try {
        return { ok: true as const, payload: JSON.parse(parsed) as JsonType };
      } catch {
        return { ok: true as const, payload: parsed };
      }
    });
  } catch (error) {
    return { ok: false, error: error instanceof SyntaxError ? 'the answer was not JSON' : describeFetchError(error) };
  }
}
