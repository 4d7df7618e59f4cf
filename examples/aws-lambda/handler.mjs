// AWS Lambda (API Gateway HTTP API, payload v2): the client lives outside the handler so warm
// invocations reuse it; the handler awaits flush() before returning, because Lambda freezes the
// process as soon as the handler's promise settles and a frozen process sends nothing.
// Deploy: handler.handler, with POSTHOG_API_KEY (and POSTHOG_HOST) in the environment.
import { PostHog } from 'posthog-ts';

const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });

export async function handler(event) {
  const distinctId = event.headers?.['x-posthog-distinct-id'] ?? event.requestContext?.requestId ?? 'anonymous';
  posthog.capture({ distinctId, event: 'report generated', properties: { $current_url: `https://${event.requestContext?.domainName}${event.rawPath}` } });
  const format = (await posthog.getFeatureFlag('report-format', distinctId)) ?? 'pdf';
  await posthog.flush();
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ format }) };
}
