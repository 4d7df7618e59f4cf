// Which way a capture request leaves on Node.js: node:http(s) by default; fetch when the caller gave
// its own fetch, and when the application routes fetch through its own undici dispatcher.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { postCapture } from '../../src/delivery/capture-post.js';
import { nodePost } from '../../src/platform/node-post.js';
import type { Platform } from '../../src/platform/platform.js';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
before(async () => {
  recorder = await startRecorder();
});
after(() => recorder.close());
beforeEach(() => recorder.reset());

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const body = new TextEncoder().encode('{"api_key":"phc_test_key","batch":[]}');

describe('capture transport on Node.js', () => {
  it('by default a batch goes over node:http: its own headers, no fetch request headers', async () => {
    // Node.js's own dispatcher (a plain Agent) is there once fetch has run: it does not count as the application's.
    await (await globalThis.fetch(`${recorder.url}/other`)).text().catch(() => '');
    recorder.reset();
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    const [request] = recorder.requestsTo('batch');
    assert.equal(request.headers['content-length'], String(request.bytes));
    assert.equal(request.headers['sec-fetch-mode'], undefined, 'fetch (undici) adds sec-fetch-mode; node:http does not');
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });

  it('a custom fetch gets the capture request', async () => {
    const urls: string[] = [];
    const { client } = testClient(recorder.url, {
      fetch: async (url, options) => {
        urls.push(url);
        return globalThis.fetch(url, options as RequestInit);
      },
    });
    client.capture({ distinctId: 'u', event: 'e' });
    await client.flush();
    assert.deepEqual(urls, [`${recorder.url}/batch/`]);
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });

  it('an undici dispatcher installed by the application keeps the request on fetch', async () => {
    const fetched: string[] = [];
    const platform = {
      post: nodePost,
      fetch: async (url: string) => {
        fetched.push(url);
        return new Response('{"status":1}', { status: 200 });
      },
    } as unknown as Platform;
    const holder = globalThis as Record<symbol, unknown>;
    // Node.js's fetch keeps its own plain Agent there once it has run (a non-configurable property).
    const original = holder[DISPATCHER];
    holder[DISPATCHER] = new (class ProxyAgent {
      dispatch() {}
    })();
    try {
      const answer = await postCapture(platform, `${recorder.url}/batch/`, { 'Content-Type': 'application/json' }, body, new AbortController().signal, 1024, 'POST batch');
      assert.equal(answer.status, 200);
      assert.deepEqual(fetched, [`${recorder.url}/batch/`]);
      assert.equal(recorder.requestsTo('batch').length, 0, 'nothing went over node:http');
    } finally {
      holder[DISPATCHER] = original;
    }
    const answer = await postCapture(platform, `${recorder.url}/batch/`, { 'Content-Type': 'application/json' }, body, new AbortController().signal, 1024, 'POST batch');
    assert.equal(answer.status, 200);
    assert.equal(fetched.length, 1, 'without the dispatcher, node:http again');
    assert.equal(recorder.requestsTo('batch').length, 1);
  });
});
