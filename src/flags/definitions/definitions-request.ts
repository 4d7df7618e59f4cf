import { discardBody, readCappedText } from '../../delivery/read-capped-body.js';
import { describeRedirect, fetchWithinOrigin, redirectOf } from '../../delivery/redirects.js';
import { describeFetchError } from '../../delivery/transport.js';

/** What one definitions request came back with. @internal */
export interface DefinitionsAnswer {
  status: number;
  etag: string | undefined;
  /** The body of a 200, read whole. */
  text: string | undefined;
  /** Why the answer cannot be used (a redirect elsewhere, a body over the cap, a read that failed). */
  problem?: string;
}

/**
 * `GET /flags/definitions` carrying the personal API key. Redirects are followed only within the
 * host's origin, so the key never reaches another host whatever the fetch in use does; a 200's
 * body is read up to `maxBodyBytes` (after decompression) and turned into text by `decode`
 * (`TextDecoder` when absent), any other body is discarded. Rejects only when no answer came
 * (network error, timeout, abort).
 * @internal
 */
export async function requestDefinitions(
  fetchFn: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
  maxBodyBytes: number,
  decode?: (bytes: Uint8Array) => string,
): Promise<DefinitionsAnswer> {
  const { response, url: answeredUrl } = await fetchWithinOrigin(fetchFn, url, { method: 'GET', ...init });
  const answer: DefinitionsAnswer = { status: response.status, etag: response.headers.get('etag') ?? undefined, text: undefined };
  if (response.status !== 200) await discardBody(response);
  const redirect = redirectOf(response, answeredUrl);
  if (redirect !== undefined) {
    answer.problem = `flag definitions: ${describeRedirect(redirect)}, another origin; not followed, so the personal API key stays with ${new URL(url).origin}. Set the host option to where PostHog answers`;
    return answer;
  }
  if (response.status !== 200) return answer;
  try {
    const read = await readCappedText(response, maxBodyBytes, 'flag definitions', decode);
    if (read.ok) answer.text = read.text;
    else answer.problem = `${read.error.name}: ${read.error.message} (raise flagDefinitionsMaxBytes if your definitions are this large)`;
  } catch (error) {
    answer.problem = `reading flag definitions failed (${describeFetchError(error)})`;
  }
  return answer;
}
