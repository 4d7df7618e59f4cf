import type * as Http from 'node:http';
import type * as Https from 'node:https';
import * as zlib from 'node:zlib';
import type { Post, PostAnswer } from './platform.js';

/**
 * Idle sockets are closed after this long, as undici does by default: a server that closes an idle
 * connection first makes the next request on it fail, and the shorter wait makes that race rare.
 */
const IDLE_SOCKET_MS = 4_000;

interface Scheme {
  readonly request: typeof Http.request;
  readonly agent: Http.Agent;
}

const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
const schemes: Record<string, Scheme | undefined> = {};

/**
 * node:http or node:https with one keep-alive pool for the process (Node.js unrefs idle pooled
 * sockets, so they never hold it open), loaded on the first request: importing the SDK does not
 * load TLS.
 */
function schemeOf(protocol: string): Scheme | undefined {
  const known = schemes[protocol];
  if (known !== undefined || builtin === undefined) return known;
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  if (protocol === 'http:') {
    const http = builtin('node:http') as typeof Http;
    schemes[protocol] = { request: http.request, agent: new http.Agent(options) };
  } else if (protocol === 'https:') {
    const https = builtin('node:https') as typeof Https;
    schemes[protocol] = { request: https.request as typeof Http.request, agent: new https.Agent(options) };
  }
  return schemes[protocol];
}

/** Whether this Node.js can load node:http without an import at start-up (20.16 and later). */
export const canPostWithNodeHttp = builtin !== undefined;

/** Decoders for a response body the server compressed although the request did not ask for it. */
const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * Where undici keeps the dispatcher Node.js's fetch uses: a plain `Agent` it makes itself, or what an
 * application installed with `setGlobalDispatcher` (a proxy agent, a mock agent, …).
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Whether the application routes fetch through a dispatcher of its own other than a plain agent. */
function fetchHasOwnRoute(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { constructor?: { name?: unknown } } | undefined;
  return dispatcher !== undefined && dispatcher !== null && dispatcher.constructor?.name !== 'Agent';
}

/**
 * A POST on node:http(s) with a keep-alive pool: for the capture lanes, whose requests are many and
 * small. It costs about a third of the CPU of the global fetch per request (no WHATWG Request,
 * Response and stream objects) and sends fewer header bytes. Redirects are never followed; the
 * answer's body is read up to `maxBytes` after any `Content-Encoding` is undone, and past that the
 * connection is dropped. Rejects on network errors before the answer's head and on `signal`; a body
 * that breaks off after the head is an answer whose body says so. When the application installed
 * its own undici dispatcher (`setGlobalDispatcher` with a proxy agent, a mock, anything but a plain
 * `Agent`), it sends nothing and returns `undefined`, so the request goes through fetch and that
 * dispatcher.
 * @internal
 */
export const nodePost: Post = (url, request) => {
  // An application that routes fetch through its own dispatcher (a proxy, say) keeps that route.
  if (fetchHasOwnRoute()) return undefined;
  return new Promise<PostAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      fail(error);
      return;
    }
    const scheme = schemeOf(target.protocol);
    if (scheme === undefined) {
      fail(new TypeError(`unsupported protocol ${target.protocol}`));
      return;
    }
    const headers = { ...request.headers, 'Content-Length': String(request.body.byteLength) };
    const req = scheme.request(target, { method: 'POST', agent: scheme.agent, headers, signal: request.signal }, (res) => {
      const status = res.statusCode ?? 0;
      const head = {
        get(name: string): string | null {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      };
      const encoding = head.get('content-encoding')?.trim().toLowerCase();
      const decoder = encoding === undefined || encoding === 'identity' ? undefined : DECODERS[encoding]?.();
      const stream: NodeJS.ReadableStream = decoder === undefined ? res : res.pipe(decoder);
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        total += chunk.byteLength;
        if (total > request.maxBytes) {
          settled = true;
          res.destroy();
          decoder?.destroy();
          resolve({ status, headers: head, body: { ok: false, tooLarge: true } });
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status, headers: head, body: { ok: true, text: Buffer.concat(chunks, total).toString('utf8') } });
      });
      const broken = (error: unknown) => {
        if (settled) return;
        settled = true;
        res.destroy();
        resolve({ status, headers: head, body: { ok: false, tooLarge: false, error } });
      };
      stream.on('error', broken);
      if (decoder !== undefined) res.on('error', broken);
      res.on('aborted', () => broken(new Error('the connection closed before the answer ended')));
    });
    req.on('error', fail);
    req.end(request.body);
  });
};
