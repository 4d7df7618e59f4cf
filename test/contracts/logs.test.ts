// Contract: logs (PostHog/sdk-specs openspec/specs/logs). One test per server scenario, named by its
// title. Not applicable to a server SDK, so not here: "survives restart", "reset preserves logs" and
// "persisted records resume on launch" (a server process keeps its queue in memory, as posthog-node
// does, and posthog-ts has no reset()), and "background flush" (mobile app lifecycle).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PostHog } from '../../src/index.js';
import { LIB_NAME, LIB_VERSION } from '../../src/base/version.js';
import { resolveLogsConfig } from '../../src/logs/logs-config.js';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import type { CaptureLogOptions, LogAttributeValue } from '../../src/index.js';
import { MemoryLogger, testClient } from '../helpers/client.js';
import { logsOf, nanos } from '../helpers/otlp.js';
import { useRecorder } from '../helpers/recorder.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const bodies = () => logsOf(recorder).map((l) => l.body);

describe('logs: public capture API', () => {
  it('captureLog with explicit level', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'checkout failed', level: 'error' });
    await client.flush();
    const [log, ...rest] = logsOf(recorder);
    assert.equal(rest.length, 0);
    assert.equal(log.severityNumber, 17);
    assert.equal(log.body, 'checkout failed');
    await client.shutdown();
  });

  it('logger helper delegates to captureLog', async () => {
    const { client } = testClient(recorder.url);
    client.logger.info('ready', { region: 'us' });
    client.captureLog({ body: 'ready', level: 'info', attributes: { region: 'us' } });
    await client.flush();
    const [viaLogger, viaCapture] = logsOf(recorder);
    const shape = (l: typeof viaLogger) => ({ body: l.body, severityNumber: l.severityNumber, severityText: l.severityText, attributes: l.attributes });
    assert.deepEqual(shape(viaLogger), { body: 'ready', severityNumber: 9, severityText: 'INFO', attributes: { region: 'us' } });
    assert.deepEqual(shape(viaLogger), shape(viaCapture));
    await client.shutdown();
  });

  it('missing level defaults to info', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'hello' });
    await client.flush();
    assert.equal(logsOf(recorder)[0].severityNumber, 9);
    assert.equal(logsOf(recorder)[0].severityText, 'INFO');
    await client.shutdown();
  });

  it('logger called before the SDK is ready', async () => {
    // Without a project key the client is not initialised: the call is a silent no-op.
    const silent = new PostHog('', { host: recorder.url, logger: new MemoryLogger() });
    assert.doesNotThrow(() => silent.logger.error('lost', { a: 1 }));
    await silent.shutdown();
    assert.equal(recorder.requestsTo('logs').length, 0);
    // Called at once, unbound, while flag definitions are still loading: queued and sent, no throw.
    recorder.setFaultPolicy('definitions', () => ({ kind: 'delay', ms: 200 }));
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_key' });
    const { warn } = client.logger;
    assert.doesNotThrow(() => warn('early'));
    await client.flush();
    assert.deepEqual(bodies(), ['early']);
    await client.shutdown(0);
  });
});

describe('logs: capture-time gating', () => {
  it('opted-out user drops the log', async () => {
    const { client } = testClient(recorder.url);
    client.disable();
    assert.doesNotThrow(() => client.captureLog({ body: 'x' }));
    await client.flush();
    client.enable();
    client.captureLog({ body: 'after opt-in' });
    await client.flush();
    assert.deepEqual(bodies(), ['after opt-in']);
    await client.shutdown();
  });

  it('whitespace-only body is dropped', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: '   ' });
    client.captureLog({ body: '\n\t' });
    client.captureLog({ body: '' });
    client.captureLog({ body: 42 as unknown as string });
    client.captureLog({ body: 'kept' });
    await client.flush();
    assert.deepEqual(bodies(), ['kept']);
    await client.shutdown();
  });

  it('gates short-circuit in order', async () => {
    const calls: string[] = [];
    const beforeSend = (record: CaptureLogOptions) => {
      calls.push(record.body);
      return record;
    };
    const logs = { beforeSend, rateCap: { maxLogs: 1, windowMs: 60_000 } };
    const { client: disabled, logger } = testClient(recorder.url, { disabled: true, logs });
    disabled.captureLog({ body: 'a' });
    disabled.captureLog({ body: 'b' });
    await disabled.flush();
    assert.deepEqual(calls, [], 'beforeSend must not run on a disabled client');
    assert.equal(logger.matching(/records in/).length, 0, 'the rate cap must not be reached either');
    // The same hooks on an enabled client do run: the check above can fail.
    const { client } = testClient(recorder.url, { logs });
    client.captureLog({ body: 'c' });
    client.captureLog({ body: 'd' });
    await client.flush();
    assert.deepEqual(calls, ['c', 'd']);
    assert.deepEqual(bodies(), ['c']);
    await Promise.all([disabled.shutdown(), client.shutdown()]);
  });
});

describe('logs: severity mapping', () => {
  it('each level maps to its number', async () => {
    const { client } = testClient(recorder.url);
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) client.logger[level](level);
    await client.flush();
    assert.deepEqual(
      logsOf(recorder).map((l) => [l.body, l.severityNumber, l.severityText]),
      [['trace', 1, 'TRACE'], ['debug', 5, 'DEBUG'], ['info', 9, 'INFO'], ['warn', 13, 'WARN'], ['error', 17, 'ERROR'], ['fatal', 21, 'FATAL']],
    );
    await client.shutdown();
  });

  it('unknown level falls back to info', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'x', level: 'verbose' as never });
    client.captureLog({ body: 'y', level: 'ERROR' as never });
    await client.flush();
    assert.deepEqual(logsOf(recorder).map((l) => [l.severityNumber, l.severityText]), [[9, 'INFO'], [9, 'INFO']]);
    await client.shutdown();
  });

  it('severityNumber is authoritative', async () => {
    // The server derives the text from the number, so every record carries a positive number that
    // agrees with the level it was captured at.
    const { client } = testClient(recorder.url);
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'bogus']) client.captureLog({ body: level, level: level as never });
    await client.flush();
    const expected: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21, bogus: 9 };
    for (const log of logsOf(recorder)) {
      assert.ok(log.severityNumber > 0);
      assert.equal(log.severityNumber, expected[String(log.body)]);
    }
    assert.equal(logsOf(recorder).length, 7);
    await client.shutdown();
  });
});

describe('logs: log record data model', () => {
  it('timestamp captured at call time', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, {}, scheduler);
    const t1 = scheduler.now();
    client.captureLog({ body: 'then' });
    scheduler.advance(3_000); // the flush timer fires here, 3 s later
    await recorder.waitForRequests('logs', 1);
    const [log] = logsOf(recorder);
    assert.equal(log.timeUnixNano, `${t1}000000`);
    assert.equal(log.observedTimeUnixNano, log.timeUnixNano);
    assert.equal(typeof log.wire.timeUnixNano, 'string');
    await client.shutdown(0);
  });

  it('trace_flags renamed to flags', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'with', trace_flags: 0 });
    client.captureLog({ body: 'without' });
    await client.flush();
    const [withFlags, without] = logsOf(recorder);
    assert.equal(withFlags.wire.flags, 0);
    assert.equal('trace_flags' in withFlags.wire, false);
    assert.equal('flags' in without.wire, false);
    await client.shutdown();
  });

  it('absent trace ids omitted', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'no trace' });
    client.captureLog({ body: 'own trace', trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
    await client.flush();
    const [none, own] = logsOf(recorder);
    assert.equal('traceId' in none.wire, false);
    assert.equal('spanId' in none.wire, false);
    assert.equal(own.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(own.spanId, 'b7ad6b7169203331');
    await client.shutdown();
  });
});

describe('logs: monotonic capture timestamps', () => {
  it('two logs in the same millisecond', async () => {
    const scheduler = new VirtualScheduler('manual'); // time stands still between the two calls
    const { client } = testClient(recorder.url, {}, scheduler);
    client.captureLog({ body: 'first' });
    client.captureLog({ body: 'second' });
    client.captureLog({ body: 'third' });
    scheduler.advance(3_000);
    await recorder.waitForRequests('logs', 1);
    const [a, b, c] = logsOf(recorder).map((l) => nanos(l.timeUnixNano));
    assert.equal(a, BigInt(scheduler.now() - 3_000) * 1_000_000n);
    assert.ok(b > a && c > b, `${a} < ${b} < ${c}`);
    await client.shutdown(0);
  });
});

describe('logs: attribute value encoding', () => {
  const encoded = async (value: LogAttributeValue) => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'v', attributes: { v: value, other: 'x' } });
    await client.flush();
    await client.shutdown();
    const attributes = logsOf(recorder)[0].wire.attributes as Array<{ key: string; value: unknown }>;
    return attributes.find((a) => a.key === 'v')?.value;
  };

  it('integer encoded as string', async () => {
    assert.deepEqual(await encoded(4999), { intValue: '4999' });
  });

  it('nested object as kvlistValue', async () => {
    assert.deepEqual(await encoded({ inner: 1 }), { kvlistValue: { values: [{ key: 'inner', value: { intValue: '1' } }] } });
  });

  it('non-finite number as string', async () => {
    assert.deepEqual(await encoded(Number.NaN), { stringValue: 'NaN' });
    recorder.reset();
    assert.deepEqual(await encoded(Number.NEGATIVE_INFINITY), { stringValue: '-Infinity' });
  });

  it('null value drops the key', async () => {
    assert.equal(await encoded(null), undefined);
    assert.deepEqual(logsOf(recorder)[0].attributes, { other: 'x' });
  });
});

describe('logs: auto-captured context attributes', () => {
  it('context snapshot is frozen at capture', async () => {
    const { client } = testClient(recorder.url);
    client.withContext({ distinctId: 'a', sessionId: 's-a' }, () => client.captureLog({ body: 'as a' }));
    client.withContext({ distinctId: 'b', sessionId: 's-b' }, () => client.captureLog({ body: 'as b' }));
    await client.flush();
    const [a, b] = logsOf(recorder);
    assert.deepEqual(a.attributes, { posthogDistinctId: 'a', sessionId: 's-a' });
    assert.deepEqual(b.attributes, { posthogDistinctId: 'b', sessionId: 's-b' });
    await client.shutdown();
  });

  it('absent session id omits the key', async () => {
    const { client } = testClient(recorder.url);
    client.withContext({ distinctId: 'a' }, () => client.captureLog({ body: 'no session' }));
    client.withContext({ distinctId: 'a', sessionId: '' }, () => client.captureLog({ body: 'empty session' }));
    client.captureLog({ body: 'no context' });
    await client.flush();
    const [noSession, emptySession, noContext] = logsOf(recorder);
    assert.deepEqual(noSession.attributes, { posthogDistinctId: 'a' });
    assert.deepEqual(emptySession.attributes, { posthogDistinctId: 'a' });
    assert.deepEqual(noContext.attributes, {});
    await client.shutdown();
  });

  it('user attribute overrides auto-context', async () => {
    const { client } = testClient(recorder.url);
    client.withContext({ distinctId: 'a', sessionId: 'auto' }, () => client.captureLog({ body: 'x', attributes: { sessionId: 'custom' } }));
    await client.flush();
    const keys = (logsOf(recorder)[0].wire.attributes as Array<{ key: string }>).map((a) => a.key);
    assert.equal(logsOf(recorder)[0].attributes.sessionId, 'custom');
    assert.equal(keys.filter((k) => k === 'sessionId').length, 1);
    await client.shutdown();
  });
});

describe('logs: resource and scope', () => {
  it('SDK identity keys protected', async () => {
    const { client } = testClient(recorder.url, {
      logs: { serviceName: 'checkout', resourceAttributes: { 'service.name': 'evil', 'telemetry.sdk.name': 'custom', team: 'payments' } },
    });
    client.captureLog({ body: 'x' });
    await client.flush();
    const { resource } = logsOf(recorder)[0];
    assert.equal(resource['service.name'], 'checkout');
    assert.equal(resource['telemetry.sdk.name'], LIB_NAME);
    assert.equal(resource['telemetry.sdk.version'], LIB_VERSION);
    assert.equal(resource.team, 'payments');
    await client.shutdown();
  });

  it('scope identifies the SDK', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'x' });
    await client.flush();
    assert.deepEqual(logsOf(recorder)[0].scope, { name: 'posthog-ts', version: LIB_VERSION });
    await client.shutdown();
  });
});

describe('logs: HTTP transport', () => {
  it('endpoint and auth', async () => {
    const client = new PostHog('phc_a+b/c', { host: `${recorder.url}//`, logger: new MemoryLogger(), platform: { scheduler: new VirtualScheduler() } });
    client.captureLog({ body: 'x' });
    await client.flush();
    const [request] = recorder.requestsTo('logs');
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/i/v1/logs');
    assert.deepEqual(request.query, { token: 'phc_a+b/c' });
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, undefined);
    assert.equal(request.outcome, 200);
    await client.shutdown();
  });

  it('success response', async () => {
    const { client, logger } = testClient(recorder.url);
    client.captureLog({ body: 'x' });
    await client.flush();
    await client.flush();
    assert.equal(recorder.requestsTo('logs').length, 1, 'sent records leave the queue: a second flush sends nothing');
    assert.equal(recorder.requestsTo('logs')[0].outcome, 200);
    assert.equal(logger.matching(/lost/).length, 0);
    await client.shutdown();
  });
});

describe('logs: payload envelope', () => {
  it('one batch one envelope', async () => {
    const { client } = testClient(recorder.url);
    for (let i = 0; i < 20; i++) client.captureLog({ body: `r${i}` });
    await client.flush();
    const requests = recorder.requestsTo('logs');
    assert.equal(requests.length, 1);
    const body = requests[0].body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> };
    assert.equal(body.resourceLogs.length, 1);
    assert.equal(body.resourceLogs[0].scopeLogs.length, 1);
    assert.equal(body.resourceLogs[0].scopeLogs[0].logRecords.length, 20);
    await client.shutdown();
  });
});

describe('logs: compression', () => {
  it('gzipped with header', async () => {
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'x' });
    await client.flush();
    const [request] = recorder.requestsTo('logs');
    assert.equal(request.headers['content-encoding'], 'gzip');
    assert.equal(request.gzipped, true);
    assert.deepEqual(bodies(), ['x']);
    await client.shutdown();
  });

  it('gzip unavailable', async () => {
    const { client } = testClient(recorder.url, { platform: { scheduler: new VirtualScheduler(), gzip: undefined } });
    client.captureLog({ body: 'x' });
    await client.flush();
    const [request] = recorder.requestsTo('logs');
    assert.equal(request.headers['content-encoding'], undefined);
    assert.equal(request.bytes, request.decodedBytes);
    assert.deepEqual(bodies(), ['x']);
    await client.shutdown();
  });
});

describe('logs: configuration knobs', () => {
  it('per-platform defaults are deliberate', () => {
    const resolved = resolveLogsConfig(undefined, undefined, () => {});
    assert.deepEqual(
      { flush: resolved.flushIntervalMs, threshold: resolved.maxBufferSize, perPost: resolved.maxBatchRecordsPerPost, queue: resolved.maxQueueSize, cap: resolved.rateCap },
      { flush: 3_000, threshold: 100, perPost: 100, queue: 10_000, cap: { maxLogs: 10_000, windowMs: 10_000 } },
    );
    // The documented defaults are the ones in force.
    const source = readFileSync('src/logs/logs-config.ts', 'utf8');
    for (const tag of ['@default 3000', '@default 100', '@default 10000', '@default { maxLogs: 10000, windowMs: 10000 }']) assert.ok(source.includes(tag), tag);
  });
});

describe('logs: persistent queue', () => {
  it('overflow drops oldest', async () => {
    const { client, logger } = testClient(recorder.url, { logs: { maxQueueSize: 3 } });
    for (let i = 0; i < 5; i++) client.captureLog({ body: `r${i}` });
    await client.flush();
    assert.deepEqual(bodies(), ['r2', 'r3', 'r4']);
    assert.equal(logger.matching(/dropping the oldest/).length, 1);
    await client.shutdown();
  });
});

describe('logs: flush triggers', () => {
  it('timer flush ignores threshold', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, {}, scheduler);
    client.captureLog({ body: 'one' });
    client.captureLog({ body: 'two' }); // far below the 100-record threshold
    scheduler.advance(2_999);
    assert.equal(recorder.requestsTo('logs').length, 0);
    scheduler.advance(1);
    await recorder.waitForRequests('logs', 1);
    await recorder.waitFor(() => logsOf(recorder).length === 2);
    assert.deepEqual(bodies(), ['one', 'two']);
    await client.shutdown(0);
  });

  it('global flush includes logs', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'e' });
    client.captureLog({ body: 'l' });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    assert.deepEqual(bodies(), ['l']);
    await client.shutdown();
  });
});

describe('logs: shutdown flush', () => {
  it('bounded final flush', async () => {
    const { client } = testClient(recorder.url, {}, new VirtualScheduler('manual'));
    for (let i = 0; i < 3; i++) client.captureLog({ body: `r${i}` });
    await client.shutdown(1_000);
    assert.deepEqual(bodies(), ['r0', 'r1', 'r2']);
    // Against a server that never answers, shutdown still resolves by its deadline (real time: it
    // has to cut a real request) and reports the loss.
    recorder.setFaultPolicy('logs', () => ({ kind: 'hang' }));
    const hanging = testClient(recorder.url, {}, null);
    hanging.client.captureLog({ body: 'stuck' });
    await hanging.client.shutdown(300);
    assert.equal(hanging.logger.matching(/logs: 1 record\(s\) lost \(shutdown_deadline\)/).length, 1);
  });
});

describe('logs: batch assembly and concurrency', () => {
  it('single flight', async () => {
    recorder.inject('logs', { kind: 'delay', ms: 100 });
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'head' });
    const first = client.flush();
    await recorder.waitForRequests('logs', 1);
    client.captureLog({ body: 'later' });
    const second = client.flush();
    await Promise.all([first, second]);
    const [a, b] = recorder.requestsTo('logs');
    assert.deepEqual(bodies(), ['head', 'later'], 'the head is sent once');
    assert.ok(a.answeredAt !== undefined && b.receivedAt >= a.answeredAt, 'the second request waits for the first answer');
    await client.shutdown();
  });

  it('bounded drain', async () => {
    recorder.inject('logs', { kind: 'delay', ms: 50 });
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'before' });
    const flushing = client.flush();
    await recorder.waitForRequests('logs', 1);
    client.captureLog({ body: 'during' });
    await flushing;
    const [first] = recorder.requestsTo('logs');
    assert.equal(((first.body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> }).resourceLogs[0].scopeLogs[0].logRecords).length, 1);
    await recorder.waitFor(() => logsOf(recorder).length === 2); // the next cycle (timer) sends it
    assert.deepEqual(logsOf(recorder).map((l) => [l.body, l.requestIndex === first.index]), [['before', true], ['during', false]]);
    await client.shutdown();
  });
});

describe('logs: rate capping', () => {
  it('cap drops excess logs', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client, logger } = testClient(recorder.url, { logs: { rateCap: { maxLogs: 500, windowMs: 10_000 } } }, scheduler);
    for (let i = 0; i < 501; i++) client.captureLog({ body: `r${i}` });
    client.captureLog({ body: 'also over' });
    assert.equal(logger.matching(/more than 500 records in 10000 ms/).length, 1);
    scheduler.advance(10_000); // a new window
    client.captureLog({ body: 'next window' });
    const done = client.flush();
    scheduler.advance(0);
    await done;
    const sent = bodies();
    assert.equal(sent.length, 501);
    assert.equal(sent.includes('r500'), false);
    assert.equal(sent.at(-1), 'next window');
    await client.shutdown(0);
  });

  it('cap runs after beforeSend', async () => {
    const { client } = testClient(recorder.url, {
      logs: { rateCap: { maxLogs: 2, windowMs: 60_000 }, beforeSend: (r) => (r.body.startsWith('drop') ? null : r) },
    });
    for (const body of ['drop 1', 'drop 2', 'drop 3', 'keep 1', 'keep 2', 'keep 3']) client.captureLog({ body });
    await client.flush();
    assert.deepEqual(bodies(), ['keep 1', 'keep 2']);
    await client.shutdown();
  });
});

describe('logs: beforeSend hook', () => {
  it('hook drops record', async () => {
    const { client } = testClient(recorder.url, {
      logs: { beforeSend: [(r) => (r.body === 'secret' ? null : r), (r) => (r.body === 'blank me' ? { ...r, body: '  ' } : r)] },
    });
    for (const body of ['secret', 'blank me', 'kept']) client.captureLog({ body });
    await client.flush();
    assert.deepEqual(bodies(), ['kept']);
    await client.shutdown();
  });

  it('throwing hook is contained', async () => {
    const { client, logger } = testClient(recorder.url, {
      logs: {
        beforeSend: [
          (r) => ({ ...r, attributes: { ...r.attributes, first: true } }),
          () => {
            throw new Error('broken hook');
          },
          (r) => ({ ...r, attributes: { ...r.attributes, third: true } }),
        ],
      },
    });
    assert.doesNotThrow(() => client.captureLog({ body: 'original', attributes: { a: 1 } }));
    await client.flush();
    const [log] = logsOf(recorder);
    assert.equal(log.body, 'original');
    assert.deepEqual(log.attributes, { a: 1, first: true, third: true });
    assert.equal(logger.matching(/logs.beforeSend threw/).length, 1);
    await client.shutdown();
  });
});

describe('logs: error handling and retries', () => {
  it('413 shrinks the batch', async () => {
    recorder.inject('logs', { status: 413 });
    const { client } = testClient(recorder.url);
    for (let i = 0; i < 50; i++) client.captureLog({ body: `r${i}` });
    await client.flush();
    const sizes = recorder.requestsTo('logs').map((r) => [r.outcome, (r.body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> }).resourceLogs[0].scopeLogs[0].logRecords.length]);
    assert.deepEqual(sizes, [[413, 50], [200, 25], [200, 25]]);
    assert.deepEqual(bodies(), Array.from({ length: 50 }, (_, i) => `r${i}`));
    await client.shutdown();
  });

  it('single-record 413 is dropped', async () => {
    recorder.inject('logs', { status: 413 });
    const { client, logger } = testClient(recorder.url);
    client.captureLog({ body: 'huge' });
    await client.flush();
    client.captureLog({ body: 'next' });
    await client.flush();
    assert.deepEqual(recorder.requestsTo('logs').map((r) => r.outcome), [413, 200]);
    assert.deepEqual(bodies(), ['next']);
    assert.equal(logger.matching(/logs: 1 record\(s\) lost \(rejected\).*413/).length, 1);
    await client.shutdown();
  });

  it('poison 4xx dropped', async () => {
    recorder.inject('logs', { status: 400 });
    const { client, logger } = testClient(recorder.url);
    client.captureLog({ body: 'poison' });
    await client.flush();
    client.captureLog({ body: 'fine' });
    await client.flush();
    assert.deepEqual(recorder.requestsTo('logs').map((r) => r.outcome), [400, 200]);
    assert.deepEqual(bodies(), ['fine']);
    assert.equal(logger.matching(/lost \(rejected\)/).length, 1);
    await client.shutdown();
  });

  it('enqueue continues during backoff', async () => {
    recorder.inject('logs', { status: 500 }, { status: 503, retryAfter: 2 });
    const { client, scheduler } = testClient(recorder.url);
    client.captureLog({ body: 'first' });
    const flushing = client.flush();
    await recorder.waitForRequests('logs', 1);
    client.captureLog({ body: 'during backoff' });
    await flushing;
    await client.flush();
    assert.deepEqual(bodies(), ['first', 'during backoff']);
    assert.deepEqual(recorder.requestsTo('logs').map((r) => r.outcome).slice(0, 3), [500, 503, 200]);
    assert.ok(scheduler?.requested.includes(2_000), 'Retry-After is honoured as a floor');
    await client.shutdown();
  });
});

describe('logs: remote config behavior', () => {
  it('captureLog ignores remote config', async () => {
    // A server SDK loads no remote config: logging needs no option and waits for nothing.
    const { client } = testClient(recorder.url);
    client.captureLog({ body: 'works' });
    await client.flush();
    assert.deepEqual(bodies(), ['works']);
    assert.deepEqual(recorder.requests.map((r) => r.route), ['logs']);
    await client.shutdown();
  });

  it('console autocapture gated by flag', async () => {
    // posthog-ts never mirrors console output into logs; the explicit API still works.
    const { client } = testClient(recorder.url);
    console.debug('posthog-ts console line that must not become a log record');
    client.captureLog({ body: 'explicit' });
    await client.flush();
    assert.deepEqual(bodies(), ['explicit']);
    await client.shutdown();
  });
});

describe('logs: server-side contract', () => {
  it('oversize body', async () => {
    // A recorder whose limit is 20 kB stands for the server's 2 MB, so the shrink path runs on a small batch.
    const capped = await startRecorder({ otlpMaxBodyBytes: 20_000 });
    try {
      const { client } = testClient(capped.url, { disableCompression: true });
      const padding = 'x'.repeat(4_000);
      for (let i = 0; i < 10; i++) client.captureLog({ body: `r${i} ${padding}` });
      await client.flush();
      const requests = capped.requestsTo('logs');
      assert.ok(requests.some((r) => r.outcome === 413), 'the server answered 413 to the oversize body');
      for (const r of requests.filter((q) => q.outcome === 200)) assert.ok(r.decodedBytes <= 20_000);
      assert.deepEqual(logsOf(capped).map((l) => String(l.body).split(' ')[0]), Array.from({ length: 10 }, (_, i) => `r${i}`));
      await client.shutdown();
    } finally {
      await capped.close();
    }
    // At the real limit the SDK cuts its own batches below 2 MB: 3 MB of records, no 413.
    const { client } = testClient(recorder.url);
    const large = 'y'.repeat(100_000);
    for (let i = 0; i < 30; i++) client.captureLog({ body: `big${i} ${large}` });
    await client.flush();
    assert.ok(recorder.requestsTo('logs').length >= 2);
    for (const r of recorder.requestsTo('logs')) {
      assert.equal(r.outcome, 200);
      assert.ok(r.decodedBytes <= 2_000_000, `${r.decodedBytes} bytes`);
    }
    assert.equal(logsOf(recorder).length, 30);
    await client.shutdown();
  });

  it('no quota signal from logs service', async () => {
    // Plain 200 `{}` is success and plain 500s are retried on backoff: nothing waits for 429,
    // Retry-After or quota_limited.
    recorder.inject('logs', { status: 500 });
    const { client, logger } = testClient(recorder.url);
    client.captureLog({ body: 'x' });
    await client.flush();
    const outcomes = recorder.requestsTo('logs').map((r) => r.outcome);
    assert.deepEqual(outcomes, [500, 200]);
    assert.deepEqual(bodies(), ['x']);
    assert.equal(logger.matching(/lost/).length, 0);
    await client.shutdown();
  });

  it('invalid trace id zeroed', async () => {
    // The server zeroes a wrong-length id instead of refusing the record, so a caller's malformed
    // id is passed on rather than costing the record; ids the SDK makes are always well formed.
    const { client } = testClient(recorder.url, { traces: {} });
    client.captureLog({ body: 'caller id', trace_id: 'abc', span_id: 'def' });
    client.withSpan('op', () => client.captureLog({ body: 'span id' }));
    await client.flush();
    const [callers, ours] = logsOf(recorder);
    assert.equal(callers.traceId, 'abc');
    assert.match(String(ours.traceId), /^[0-9a-f]{32}$/);
    assert.match(String(ours.spanId), /^[0-9a-f]{16}$/);
    await client.shutdown();
  });
});
