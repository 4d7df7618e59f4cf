// setupExpressErrorHandler with a real Express app in this process: it reports, then passes the
// error on (an app's own error handler still answers, and the status it sent is on the event);
// errors another PostHog integration already reported are passed on without a second event.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { posthogExpress, setupExpressErrorHandler } from '../../src/index.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

async function serve(app: express.Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('setupExpressErrorHandler', () => {
  it('passes the error on to the next error handler and records the status that handler sent', async () => {
    const { client } = testClient(recorder.url, {}, null);
    const app = express();
    app.use(posthogExpress(client));
    app.get('/teapot', () => {
      throw Object.assign(new RangeError('no coffee'), { status: 418 });
    });
    setupExpressErrorHandler(client, app);
    app.use((error: { status: number }, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(error.status).send('handled by the app');
    });
    const server = await serve(app);
    const response = await fetch(`${server.url}/teapot`, { headers: { 'x-posthog-distinct-id': 'u-teapot' } });
    assert.deepEqual([response.status, await response.text()], [418, 'handled by the app']);
    await server.close();
    await client.shutdown(5000);
    const [event] = recorder.events;
    assert.equal(event?.event, '$exception');
    assert.equal(event.distinct_id, 'u-teapot');
    assert.equal(event.properties.$exception_type, 'RangeError');
    assert.equal(event.properties.$response_status_code, 418);
  });

  it('does not report an error already marked as captured, and still passes it on', async () => {
    const { client } = testClient(recorder.url, {}, null);
    const app = express();
    app.set('env', 'test'); // Express's final handler prints the stack outside 'test'
    app.get('/seen', () => {
      throw Object.assign(new Error('seen'), { __posthog_previously_captured_error: true });
    });
    setupExpressErrorHandler(client, app);
    const server = await serve(app);
    assert.equal((await fetch(`${server.url}/seen`)).status, 500);
    client.capture({ distinctId: 'u', event: 'marker' });
    await server.close();
    await client.shutdown(5000);
    assert.deepEqual(recorder.events.map((e) => e.event), ['marker']);
  });
});
