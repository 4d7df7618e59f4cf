// A fetch that answers like PostHog without any I/O, so a benchmark measures the SDKs, not the
// network. Both SDKs get the same stub through their `fetch` option. Bodies are encoded once, when
// the stub is made: a Response made from a string encodes it when read, which is the stub's work,
// not an SDK's (for 5,000 flag definitions, ~20 ms of CPU on every load); and the body is a stream of
// those bytes, as a real response's is, so that making the Response does not copy them either.
// Request bodies are kept as they came (no work is done on them while a benchmark runs);
// `eventsReceived()` unpacks them afterwards, to check that every event was delivered.
import { gunzipSync } from 'node:zlib';

const encoder = new TextEncoder();
const json = (bytes) =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

/** @param {{ definitions?: unknown }} [options] */
export function stubFetch(options = {}) {
  const definitions = encoder.encode(JSON.stringify(options.definitions ?? { flags: [] }));
  const flags = encoder.encode('{"flags":{},"errorsWhileComputingFlags":false}');
  const ok = encoder.encode('{"status":1}');
  /** @type {Array<{ body: unknown, gzip: boolean }>} */
  const received = [];
  const fetch = async (url, init) => {
    const path = new URL(String(url)).pathname;
    if (path.startsWith('/flags/definitions') || path.includes('local_evaluation')) return json(definitions);
    if (path.startsWith('/flags')) return json(flags);
    let body = init?.body;
    if (body !== undefined && body !== null && typeof body.getReader === 'function') body = new Uint8Array(await new Response(body).arrayBuffer());
    const encoding = init?.headers instanceof Headers ? init.headers.get('content-encoding') : (init?.headers?.['Content-Encoding'] ?? init?.headers?.['content-encoding']);
    received.push({ body, gzip: encoding === 'gzip' });
    return json(ok);
  };
  /** Events in the batches received so far, by event name. */
  fetch.eventsReceived = () => {
    const counts = {};
    for (const { body, gzip } of received) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer ?? body, body.byteOffset ?? 0, body.byteLength);
      const parsed = JSON.parse((gzip ? gunzipSync(bytes) : bytes).toString('utf8'));
      for (const event of parsed.batch ?? [parsed]) counts[event.event] = (counts[event.event] ?? 0) + 1;
    }
    return counts;
  };
  return fetch;
}
