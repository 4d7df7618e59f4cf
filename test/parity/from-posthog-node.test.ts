// Acceptance of issue 10: a posthog-node 5.70 program that uses every user-facing member compiles
// and runs against posthog-ts by changing only its import (examples/from-posthog-node/program.ts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import { logsOf, spanNamed } from '../helpers/otlp.js';

const root = process.cwd();
const source = join(root, 'examples', 'from-posthog-node', 'program.ts');
const work = join(root, '.test-build', 'from-posthog-node');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'] };

/** Compiles one file as its own project; returns tsc's output when it fails. */
function compile(dir: string, file: string, emit: boolean): string | undefined {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: !emit, rootDir: dir, outDir: dir }, files: [file] }));
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`;
}

let recorder: Recorder;

before(async () => {
  recorder = await startRecorder({
    personalApiKey: 'phx_example',
    flags: { 'remote-flag': true },
    payloads: { 'remote-flag': { color: 'blue' } },
    definitions: { flags: [{ key: 'local-flag', active: true, evaluation_runtime: 'server', filters: { groups: [{ rollout_percentage: 100 }] } }] },
  });
  recorder.setFaultPolicy('other', (request) => {
    if (request.path.includes('/remote_config')) return { status: 200, body: JSON.stringify(JSON.stringify({ mode: 'dark' })) };
    if (request.path.includes('/messaging/send/email/')) return { status: 200, body: { message_id: '0190f6d2-0000-7000-8000-000000000001' } };
    return { status: 200, body: {} };
  });
});

after(async () => recorder.close());

describe('examples/from-posthog-node', () => {
  it('compiles against posthog-node as written', () => {
    const dir = join(work, 'as-written');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'program.ts'), readFileSync(source, 'utf8'));
    assert.equal(compile(dir, 'program.ts', false), undefined);
  });

  it("with only the import changed to posthog-ts: compiles, runs, and PostHog receives what posthog-node would send", async () => {
    const original = readFileSync(source, 'utf8');
    const swapped = original.replace("from 'posthog-node';", "from 'posthog-ts';");
    assert.equal(original.split('\n').filter((line, i) => line !== swapped.split('\n')[i]).length, 1, 'exactly one line changes');
    const dir = join(work, 'migrated');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'program.ts'), swapped);
    assert.equal(compile(dir, 'program.ts', true), undefined);

    const child = spawn(process.execPath, [join(dir, 'program.js'), recorder.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}');

    assert.deepEqual(report.library, ['posthog-ts', true, true]);
    assert.deepEqual(report.config, [true, false, false, false, false]);
    assert.equal(report.ready, true);
    assert.deepEqual(report.runtime, ['server', ['local-flag']]);
    assert.equal(report.flag, true);
    assert.equal(report.enabled, true);
    assert.deepEqual(report.payload, { color: 'blue' });
    assert.deepEqual(report.all, { 'local-flag': true }, 'with definitions loaded, every defined flag, evaluated locally (as posthog-node)');
    assert.deepEqual(report.snapshot, [true, true, 2, ['local-flag']]);
    assert.deepEqual(report.overridden, ['variant-a', { discount: 20 }]);
    assert.deepEqual(report.remoteConfig, { mode: 'dark' });
    assert.equal(report.context, 'context-user');
    assert.equal(report.optedOut, true);
    assert.equal(report.email, '0190f6d2-0000-7000-8000-000000000001');
    assert.equal(report.errors, 0);

    const names = recorder.events.map((e) => e.event);
    for (const expected of ['order placed', 'with flags', '$identify', '$create_alias', '$groupidentify', '$set', '$ai_generation', '$exception', 'sent now', '$ai_trace', 'in context', 'entered context']) {
      assert.ok(names.includes(expected), `${expected} arrived`);
    }
    for (const absent of ['dropped by hook', 'while opted out']) assert.ok(!names.includes(absent), `${absent} was not sent`);
    assert.equal(recorder.events.find((e) => e.event === 'in context')?.distinct_id, 'context-user');
    assert.equal(recorder.events.find((e) => e.event === 'entered context')?.distinct_id, 'entered-user');
    assert.ok(recorder.requestsTo('other').some((r) => r.path === '/i/v1/metrics'), 'metrics were sent');
    assert.deepEqual(logsOf(recorder).map((l) => [l.body, l.severityText]), [['payment failed', 'ERROR'], ['checkout completed', 'INFO']]);
    assert.equal(spanNamed(recorder, 'checkout').attributes['cart.items'], 3);
    const handler = spanNamed(recorder, 'POST /checkout');
    assert.equal(report.traceparent, `00-${handler.traceId}-${handler.spanId}-01`, 'getActiveSpan() inside withSpan is the span that was sent');
  });
});
