import type { Logger } from '../base/logger.js';
import { type RedirectHead, describeRedirect, redirectOf } from './redirects.js';
import type { TransportResult } from './transport.js';

/**
 * Capture requests are sent with `redirect: 'manual'` and a redirect is a failure, never followed:
 * Node's fetch turns a 301/302 into a GET without the body (and the events would be reported
 * delivered when nobody accepted them), a 307/308 cannot resend a body already sent, and either
 * would carry the API key and the events to another address. The answer names the `Location`, once
 * per transport as a warning and on every lost batch, because the fix is the `host` option.
 * Returns the refusal, or `undefined` when the answer is not a redirect (its body is already dealt with).
 * @internal
 */
export function createRedirectRefusal(url: string, logger: Logger): (answer: RedirectHead) => TransportResult | undefined {
  let warned = false;
  return (answer) => {
    const redirect = redirectOf(answer, url);
    if (redirect === undefined) return undefined;
    const error = `${describeRedirect(redirect)}; redirects are not followed — set the host option to where PostHog answers`;
    if (!warned) {
      warned = true;
      logger.warn(`POST ${url}: ${error}`);
    }
    return { kind: 'rejected', status: redirect.status, error, reason: 'redirected' };
  };
}
