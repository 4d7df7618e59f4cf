// Adapter between PostHog's SDK test harness (PostHog/posthog-sdk-test-harness) and posthog-ts.
// It speaks the harness's adapter contract over node:http and drives the built package, watching
// the SDK's own HTTP traffic through the `fetch` option. Start it with `npm run compliance`.
import { createServer } from 'node:http';
import * as zlib from 'node:zlib';
import { PostHog } from '../dist/esm/index.js';

const PORT = Number(process.env.PORT ?? 8080);
const CAPTURE_MODE = process.env.POSTHOG_CAPTURE_MODE === 'v1' ? 'v1' : 'v0';
// Capture v1 can send one body encoding at a time; the harness tests each behind its capability.
const COMPRESSION = CAPTURE_MODE === 'v1' && ['deflate', 'br', 'zstd'].includes(process.env.POSTHOG_COMPRESSION) ? process.env.POSTHOG_COMPRESSION : 'gzip';
const DECODERS = { gzip: zlib.gunzipSync, deflate: zlib.inflateSync, br: zlib.brotliDecompressSync, zstd: zlib.zstdDecompressSync };
const PACKAGE_VERSION = '0.1.0';
const CAPTURE_PATHS = ['/batch', '/i/v1/analytics/events', '/i/v0/ai/batch'];

/** One SDK instance and what the harness may ask about it. */
class Instance {
  constructor(testId) {
    this.testId = testId;
    this.client = undefined;
    this.clear();
  }

  clear() {
    this.captured = 0;
    this.sent = 0;
    this.failed = 0;
    this.retries = 0;
    this.lastError = null;
    this.requests = [];
    this.attempts = new Map();
  }

  async init(config) {
    await this.close();
    this.clear();
    const options = {
      host: config.host,
      captureMode: CAPTURE_MODE,
      // The SDK's default encoding is gzip; the chosen one is for tests that ask for compression.
      compression: config.enable_compression === true ? COMPRESSION : 'gzip',
      fetch: (url, init) => this.trackedFetch(url, init),
      onSuccess: () => {
        this.sent++;
      },
      onFailure: (_event, error) => {
        this.failed++;
        this.lastError = error.message;
      },
      onError: (error) => {
        this.lastError = error.message;
      },
      logger: { debug() {}, warn() {}, error: (message) => (this.lastError = message) },
    };
    if (config.flush_at !== undefined) options.flushAt = config.flush_at;
    if (config.flush_interval_ms !== undefined) options.flushInterval = config.flush_interval_ms;
    if (config.max_retries !== undefined) options.maxRetries = config.max_retries;
    if (config.enable_compression !== undefined) options.disableCompression = !config.enable_compression;
    // The harness's contract has GeoIP on unless `disable_geoip` is given; posthog-ts (like
    // posthog-node) defaults it off on a server, so the adapter states the harness's default.
    options.disableGeoip = config.disable_geoip ?? false;
    if (config.historical_migration !== undefined) options.historicalMigration = config.historical_migration;
    this.client = new PostHog(config.api_key, options);
  }

  async close() {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.shutdown(1000);
  }

  /** The SDK's fetch: adds the test id header and records every capture request. */
  async trackedFetch(url, init = {}) {
    const headers = new Headers(init.headers);
    if (this.testId !== undefined) headers.set('X-Test-Id', this.testId);
    const path = new URL(String(url)).pathname.replace(/\/$/, '');
    const isCapture = CAPTURE_PATHS.includes(path);
    const uuids = isCapture ? uuidsOf(init.body, headers.get('content-encoding')) : [];
    const batchKey = uuids[0];
    const attempt = batchKey === undefined ? 0 : (this.attempts.get(batchKey) ?? -1) + 1;
    if (batchKey !== undefined) this.attempts.set(batchKey, attempt);
    if (attempt > 0) this.retries++;
    const record = (status) => {
      if (isCapture) this.requests.push({ timestamp_ms: Date.now(), status_code: status, retry_attempt: attempt, event_count: uuids.length, uuid_list: uuids });
    };
    try {
      const response = await fetch(url, { ...init, headers });
      record(response.status);
      if (!response.ok) this.lastError = `${response.status} from ${path}`;
      return response;
    } catch (error) {
      record(0);
      this.lastError = String(error?.message ?? error);
      throw error;
    }
  }

  state() {
    return {
      pending_events: Math.max(0, this.captured - this.sent - this.failed),
      total_events_captured: this.captured,
      total_events_sent: this.sent,
      total_retries: this.retries,
      last_error: this.lastError,
      requests_made: this.requests,
    };
  }
}

/** Event uuids of a capture request body, whatever its encoding and lane. */
function uuidsOf(body, encoding) {
  try {
    let bytes = typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : undefined;
    if (bytes === undefined) return [];
    if (encoding) bytes = DECODERS[encoding](bytes);
    const parsed = JSON.parse(bytes.toString('utf8'));
    const batch = Array.isArray(parsed) ? parsed : (parsed.batch ?? parsed.events ?? []);
    return batch.map((event) => event.uuid).filter((uuid) => typeof uuid === 'string');
  } catch {
    return [];
  }
}

const instances = new Map();
const fallback = new Instance(undefined);

function instanceFor(testId) {
  if (testId === null) return fallback;
  let instance = instances.get(testId);
  if (instance === undefined) {
    instance = new Instance(testId);
    instances.set(testId, instance);
  }
  return instance;
}

/** The adapter's `options` (capture v1 event options) as the properties the SDK maps back. */
function withEventOptions(properties, options) {
  const out = { ...(properties ?? {}) };
  if (options === undefined || options === null) return out;
  if (options.cookieless_mode !== undefined) out.$cookieless_mode = options.cookieless_mode;
  if (options.disable_skew_correction !== undefined) out.$ignore_sent_at = options.disable_skew_correction;
  if (options.process_person_profile !== undefined) out.$process_person_profile = options.process_person_profile;
  if (options.product_tour_id !== undefined) out.$product_tour_id = options.product_tour_id;
  return out;
}

function messageOf(body) {
  const message = { distinctId: body.distinct_id, event: body.event, properties: withEventOptions(body.properties, body.options) };
  if (body.timestamp !== undefined) message.timestamp = new Date(body.timestamp);
  if (body.uuid !== undefined) message.uuid = body.uuid;
  return message;
}

const routes = {
  'GET /health': () => ({
    sdk_name: 'posthog-ts',
    sdk_version: PACKAGE_VERSION,
    adapter_version: '1.0.0',
    supports_parallel: true,
    capabilities: [CAPTURE_MODE === 'v1' ? 'capture_v1' : 'capture_v0', 'capture_ai_v0', `encoding_${COMPRESSION}`],
  }),
  'POST /init': async (instance, body) => {
    await instance.init(body);
    return { success: true };
  },
  'POST /capture': (instance, body) => {
    const uuid = instance.client?.capture(messageOf(body));
    if (uuid === undefined) return [400, { success: false, error: instance.lastError ?? 'event rejected' }];
    instance.captured++;
    return { success: true, uuid };
  },
  'POST /capture_ai': (instance, body) => {
    const uuid = instance.client?.captureAi(messageOf(body));
    if (uuid === undefined) return [400, { success: false, error: instance.lastError ?? 'event rejected' }];
    instance.captured++;
    return { success: true, uuid };
  },
  'POST /flush': async (instance) => {
    const before = instance.sent;
    await instance.client?.flush();
    return { success: true, events_flushed: instance.sent - before };
  },
  'GET /state': (instance) => instance.state(),
  'POST /reset': async (instance, _body, testId) => {
    await instance.close();
    instance.clear();
    if (testId !== null) instances.delete(testId);
    return { success: true };
  },
  'POST /get_feature_flag': async (instance, body) => {
    // posthog-ts evaluates locally only with a personal API key, which the harness never gives, so
    // every call (force_remote or not) goes to /flags.
    const value = await instance.client?.getFeatureFlag(body.key, body.distinct_id, {
      personProperties: body.person_properties,
      groups: body.groups,
      groupProperties: body.group_properties,
      disableGeoip: body.disable_geoip,
    });
    return { success: true, value: value ?? null };
  },
};

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://adapter');
  const handler = routes[`${req.method} ${url.pathname}`];
  let status = 200;
  let payload;
  try {
    if (handler === undefined) [status, payload] = [404, { success: false, error: 'unknown endpoint' }];
    else {
      const testId = url.searchParams.get('test_id');
      const result = await handler(instanceFor(testId), await readJson(req), testId);
      [status, payload] = Array.isArray(result) ? result : [200, result];
    }
  } catch (error) {
    [status, payload] = [500, { success: false, error: String(error?.message ?? error) }];
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
});

server.listen(PORT, () => console.log(`posthog-ts compliance adapter on :${PORT} (capture ${CAPTURE_MODE})`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
