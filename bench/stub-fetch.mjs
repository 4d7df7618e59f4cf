// A fetch that answers like PostHog without any I/O, so a benchmark measures the SDKs, not the
// network. Both SDKs get the same stub through their `fetch` option. Bodies are encoded once, when
// the stub is made: a Response made from a string encodes it when read, which is the stub's work,
// not an SDK's (for 5,000 flag definitions, ~20 ms of CPU on every load); and the body is a stream of
// those bytes, as a real response's is, so that making the Response does not copy them either.

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
  return async (url, init) => {
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body.getReader === 'function') await new Response(body).arrayBuffer();
    const path = new URL(String(url)).pathname;
    if (path.startsWith('/flags/definitions') || path.includes('local_evaluation')) return json(definitions);
    if (path.startsWith('/flags')) return json(flags);
    return json(ok);
  };
}
