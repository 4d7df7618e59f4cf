// A fetch that answers like PostHog without any I/O, so a benchmark measures the SDKs, not the
// network. Both SDKs get the same stub through their `fetch` option.

const json = (text) => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });

/** @param {{ definitions?: unknown }} [options] */
export function stubFetch(options = {}) {
  const definitionsText = JSON.stringify(options.definitions ?? { flags: [] });
  return async (url, init) => {
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body.getReader === 'function') await new Response(body).arrayBuffer();
    const path = new URL(String(url)).pathname;
    if (path.startsWith('/flags/definitions') || path.includes('local_evaluation')) return json(definitionsText);
    if (path.startsWith('/flags')) return json('{"flags":{},"errorsWhileComputingFlags":false}');
    return json('{"status":1}');
  };
}
