import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { DefinitionsPayload } from '../flags/definitions/payload.js';
import type { FlagValue } from '../flags/flag-source.js';
import { decodeBody } from './decode-body.js';
import { streamBody } from './body-stream.js';
import { flagsResponse } from './flags-response.js';
import { OTLP_MAX_BODY_BYTES, otlpAnswer, otlpItems } from './otlp-routes.js';
import type { Fault, RecordedEvent, RecordedOtlpItem, RecordedRequest, RecorderOptions, Route } from './types.js';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A PostHog stand-in on loopback: a real HTTP server on a random port that records what it receives,
 * serves flags and definitions, and misbehaves on demand. Use it in tests instead of fetch mocks.
 * @example
 * const recorder = await startRecorder({ flags: { beta: true } })
 * const posthog = new PostHog('phc_test', { host: recorder.url })
 */
export async function startRecorder(options: RecorderOptions = {}): Promise<Recorder> {
  const recorder = new Recorder(options);
  await recorder.listen();
  return recorder;
}

function routeOf(method: string, path: string): Route {
  const p = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path;
  if (method === 'POST' && p === '/batch') return 'batch';
  if (method === 'POST' && p === '/i/v1/analytics/events') return 'capture_v1';
  if (method === 'POST' && p === '/i/v0/ai/batch') return 'ai';
  if (method === 'POST' && p === '/flags') return 'flags';
  if (method === 'GET' && p === '/flags/definitions') return 'definitions';
  if (method === 'POST' && p === '/i/v1/logs') return 'logs';
  if (method === 'POST' && p === '/i/v1/traces') return 'traces';
  return 'other';
}

/** The recorder; create it with {@link startRecorder}. */
export class Recorder {
  private readonly server = createServer((req, res) => this.handle(req, res));
  private readonly sockets = new Set<Socket>();
  private readonly recorded: RecordedRequest[] = [];
  private readonly stored: RecordedEvent[] = [];
  private readonly otlp: Record<'logs' | 'traces', RecordedOtlpItem[]> = { logs: [], traces: [] };
  private readonly uuids = new Set<string>();
  private readonly faults = new Map<Route, Fault[]>();
  private readonly policies = new Map<Route, (request: RecordedRequest, index: number) => Fault | undefined>();
  private readonly watchers = new Set<() => void>();
  private flags: Record<string, FlagValue>;
  private payloads: Record<string, unknown>;
  private flagsBody: unknown;
  private definitions: DefinitionsPayload | undefined;
  private etag: string | undefined;
  private address = '';

  /** @internal */
  constructor(private readonly options: RecorderOptions) {
    this.flags = { ...options.flags };
    this.payloads = { ...options.payloads };
    this.definitions = options.definitions;
    this.etag = options.definitionsEtag;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** @internal */
  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        this.address = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
        resolve();
      }),
    );
  }

  /** Base URL to pass as `host`. */
  get url(): string {
    return this.address;
  }
  /** Every request, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }
  /** Every event of every stored capture request, duplicates included. */
  get events(): readonly RecordedEvent[] {
    return this.stored;
  }
  /** Every log record of every stored `/i/v1/logs` request, in arrival order, duplicates included. */
  get logRecords(): readonly RecordedOtlpItem[] {
    return this.otlp.logs;
  }
  /** Every span of every stored `/i/v1/traces` request, in arrival order, duplicates included. */
  get spans(): readonly RecordedOtlpItem[] {
    return this.otlp.traces;
  }
  /** The requests that reached one endpoint, in arrival order. */
  requestsTo(route: Route): RecordedRequest[] {
    return this.recorded.filter((r) => r.route === route);
  }
  /** Stored events counted once per uuid: what PostHog would keep after de-duplication. */
  uniqueEventCount(): number {
    return this.uuids.size;
  }
  /** Stored events whose uuid was already stored (a retry of a batch the server had accepted). */
  duplicateEventCount(): number {
    return this.stored.length - this.uuids.size;
  }
  /** Replaces the flags `/flags` answers with (v2 shape). */
  serveFlags(flags: Record<string, FlagValue>, payloads: Record<string, unknown> = {}): void {
    this.flags = { ...flags };
    this.payloads = { ...payloads };
    this.flagsBody = undefined;
  }
  /** Serves this exact JSON body from `/flags` (legacy shapes, quota limits …). */
  serveFlagsBody(body: unknown): void {
    this.flagsBody = body;
  }
  /** Replaces what `/flags/definitions` serves; with `etag`, a matching `If-None-Match` gets 304. */
  serveDefinitions(payload: DefinitionsPayload, etag?: string): void {
    this.definitions = payload;
    this.etag = etag;
  }
  /** The next requests to `route` get these faults, one each, in order. */
  inject(route: Route, ...faults: Fault[]): void {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...faults]);
  }
  /** Consulted for each request to `route` when no injected fault is waiting. */
  setFaultPolicy(route: Route, policy: ((request: RecordedRequest, index: number) => Fault | undefined) | undefined): void {
    if (policy === undefined) this.policies.delete(route);
    else this.policies.set(route, policy);
  }

  /**
   * Resolves once `predicate` holds; rejects after `timeoutMs`. It is checked after every request the
   * recorder answers and every few milliseconds, so it may also watch state outside the recorder.
   */
  waitFor(predicate: (recorder: Recorder) => boolean, options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        clearInterval(ticker);
        this.watchers.delete(check);
        resolve();
      };
      const ticker = setInterval(check, 5);
      const timer = setTimeout(() => {
        clearInterval(ticker);
        this.watchers.delete(check);
        reject(new Error(`recorder: condition not met within ${timeoutMs} ms (${this.recorded.length} requests, ${this.stored.length} events so far)`));
      }, timeoutMs);
      this.watchers.add(check);
    });
  }
  /** Resolves with every stored event once there are at least `count`; rejects after `timeoutMs` (5 s). */
  async waitForEvents(count: number, options?: { timeoutMs?: number }): Promise<RecordedEvent[]> {
    await this.waitFor((r) => r.events.length >= count, options);
    return [...this.stored];
  }
  /** Resolves with the requests to `route` once there are at least `count`; rejects after `timeoutMs` (5 s). */
  async waitForRequests(route: Route, count: number, options?: { timeoutMs?: number }): Promise<RecordedRequest[]> {
    await this.waitFor((r) => r.requestsTo(route).length >= count, options);
    return this.requestsTo(route);
  }

  /** Forgets requests, events, faults and policies; keeps served flags and definitions. */
  reset(): void {
    this.recorded.length = 0;
    this.stored.length = 0;
    this.otlp.logs.length = 0;
    this.otlp.traces.length = 0;
    this.uuids.clear();
    this.faults.clear();
    this.policies.clear();
  }

  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => {});
    req.on('end', () => this.respond(req, res, Buffer.concat(chunks)));
  }

  private respond(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://recorder');
    const method = req.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    const gzipped = headers['content-encoding'] === 'gzip';
    let body: unknown;
    let unreadable = false;
    let decodedBytes = 0;
    if (raw.length > 0) {
      try {
        const decoded = decodeBody(raw, headers['content-encoding']);
        decodedBytes = decoded.length;
        const text = decoded.toString('utf8');
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
          unreadable = true;
        }
      } catch {
        body = raw.toString('latin1');
        unreadable = true;
      }
    }
    const request: RecordedRequest = {
      index: this.recorded.length, route, method, path: url.pathname, query: Object.fromEntries(url.searchParams),
      headers, body, bytes: raw.length, decodedBytes, gzipped, outcome: 200, receivedAt: Date.now(),
    };
    this.recorded.push(request);
    const fault = this.faults.get(route)?.shift() ?? this.policies.get(route)?.(request, request.index);
    this.apply(fault, request, res, unreadable);
    this.notify();
  }

  private apply(fault: Fault | undefined, request: RecordedRequest, res: ServerResponse, unreadable: boolean): void {
    if (fault !== undefined && 'kind' in fault) {
      switch (fault.kind) {
        case 'hang':
          request.outcome = 'hang';
          return;
        case 'reset':
          request.outcome = 'reset';
          res.socket?.destroy();
          return;
        case 'lose-response':
          request.outcome = 'lost';
          this.store(request);
          res.socket?.destroy();
          return;
        case 'body':
          request.outcome = fault.status ?? 200;
          if (request.outcome >= 200 && request.outcome < 300) this.store(request);
          if (!res.destroyed) streamBody(fault, request, res, () => this.notify());
          return;
        case 'delay':
          setTimeout(() => {
            this.apply(fault.then, request, res, unreadable);
            this.notify();
          }, fault.ms);
          return;
        case 'hold': {
          const answer = () => {
            this.apply(fault.then, request, res, unreadable);
            this.notify();
          };
          fault.release.then(answer, answer);
          return;
        }
      }
    }
    const answer: Answer = fault !== undefined ? { status: fault.status, body: fault.body, headers: { ...fault.headers } } : this.normalAnswer(request, unreadable);
    if (fault?.retryAfter !== undefined) answer.headers = { ...answer.headers, 'retry-after': String(fault.retryAfter) };
    if (answer.status >= 200 && answer.status < 300 && fault?.body === undefined && fault !== undefined) {
      Object.assign(answer, { body: this.normalAnswer(request, unreadable).body });
    }
    request.outcome = answer.status;
    if (answer.status >= 200 && answer.status < 300) this.store(request);
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    if (res.destroyed) return; // closed while a delay was pending
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(text);
    request.answeredAt = Date.now();
  }

  private normalAnswer(request: RecordedRequest, unreadable: boolean): Answer {
    if (unreadable && request.method === 'POST') return { status: 400, body: { error: 'invalid_body' } };
    switch (request.route) {
      case 'batch':
      case 'ai':
        return { status: 200, body: { status: 1 } };
      case 'capture_v1': {
        const results: Record<string, { result: string }> = {};
        for (const e of this.batchOf(request)) results[String(e.uuid)] = { result: 'ok' };
        return { status: 200, body: { results } };
      }
      case 'flags':
        return { status: 200, body: this.flagsBody ?? flagsResponse(this.flags, this.payloads, request.body, randomUUID()) };
      case 'definitions':
        return this.definitionsAnswer(request);
      case 'logs':
      case 'traces':
        return otlpAnswer(request, this.options.otlpMaxBodyBytes ?? OTLP_MAX_BODY_BYTES);
      default:
        return { status: 404, body: { error: 'not_found' } };
    }
  }

  private definitionsAnswer(request: RecordedRequest): Answer {
    const key = this.options.personalApiKey;
    if (key !== undefined && request.headers.authorization !== `Bearer ${key}`) return { status: 401, body: { detail: 'Invalid personal API key' } };
    if (this.etag !== undefined && request.headers['if-none-match'] === this.etag) return { status: 304, headers: { etag: this.etag } };
    return { status: 200, body: this.definitions ?? { flags: [] }, headers: this.etag !== undefined ? { etag: this.etag } : {} };
  }

  private batchOf(request: RecordedRequest): Array<Record<string, unknown>> {
    const batch = (request.body as { batch?: unknown })?.batch;
    return Array.isArray(batch) ? batch.filter((e) => e !== null && typeof e === 'object') : [];
  }

  private store(request: RecordedRequest): void {
    if (request.route === 'logs' || request.route === 'traces') {
      this.otlp[request.route].push(...otlpItems(request));
      return;
    }
    if (request.route !== 'batch' && request.route !== 'capture_v1' && request.route !== 'ai') return;
    for (const event of this.batchOf(request)) {
      const recorded = { ...event, properties: (event.properties ?? {}) as Record<string, unknown>, route: request.route, requestIndex: request.index } as RecordedEvent;
      this.stored.push(recorded);
      this.uuids.add(String(event.uuid));
    }
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }
}
