// Issue 14 part 3: the serverless recipes, called the way their platform calls them. The Next.js
// route handler takes a Request and returns a Response, its captures in the header user's context;
// the Lambda handler has flushed before it returns, so the event is at PostHog with no flush here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Recorder, startRecorder } from '../../src/testing/index.js';

let recorder: Recorder;

before(async () => {
  recorder = await startRecorder({ flags: { 'checkout-flow': 'one-page', 'report-format': 'csv' } });
  // The recipes build their client when first imported, from the environment, as on the platform.
  process.env.POSTHOG_HOST = recorder.url;
  process.env.POSTHOG_API_KEY = 'phc_recipe';
});

after(async () => recorder.close());

const recipe = (path: string) => import(pathToFileURL(join(process.cwd(), 'examples', path)).href);
const named = (name: string) => recorder.events.filter((e) => e.event === name);

describe('examples/nextjs: route handler', () => {
  it('POST(Request) answers with the flag and captures as the header user with the request properties', async () => {
    const { POST } = await recipe('nextjs/app/api/checkout/route.mjs');
    const { posthog } = await recipe('nextjs/lib/posthog.mjs');
    const request = new Request('https://shop.example/api/checkout', {
      method: 'POST',
      headers: { 'x-posthog-distinct-id': 'next-user', 'content-type': 'application/json' },
      body: JSON.stringify({ items: ['a', 'b'] }),
    });
    const response: Response = await POST(request);
    assert.deepEqual(await response.json(), { flow: 'one-page' });
    await posthog.flush(); // what waitUntil does on Vercel
    const [event] = named('checkout started');
    assert.equal(event?.distinct_id, 'next-user');
    assert.equal(event?.properties.$current_url, 'https://shop.example/api/checkout');
    assert.equal(event?.properties.cart_size, 2);
    await posthog.shutdown(1000);
  });
});

describe('examples/aws-lambda: handler', () => {
  it('has sent its event when it returns', async () => {
    const { handler } = await recipe('aws-lambda/handler.mjs');
    const result = await handler({
      rawPath: '/reports/42',
      headers: { 'x-posthog-distinct-id': 'lambda-user' },
      requestContext: { domainName: 'api.example', requestId: 'req-1' },
    });
    assert.deepEqual([result.statusCode, JSON.parse(result.body)], [200, { format: 'csv' }]);
    const [event] = named('report generated');
    assert.equal(event?.distinct_id, 'lambda-user');
    assert.equal(event?.properties.$current_url, 'https://api.example/reports/42');
  });
});
