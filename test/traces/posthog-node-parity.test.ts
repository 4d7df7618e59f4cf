// posthog-node 5.70's logs and traces members, checked by the compiler: every argument list
// posthog-node accepts is accepted here, and what posthog-ts returns is usable where posthog-node's
// return type is expected. Then the same calls, run against the recorder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PostHog as NodePostHog, Span as NodeSpan, StartSpanOptions as NodeStartSpanOptions, TracesConfig as NodeTracesConfig } from 'posthog-node';
import type { PostHog, PostHogOptions, Span, StartSpanOptions } from '../../src/index.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { logsOf, spanNamed } from '../helpers/otlp.js';
import { useRecorder } from '../helpers/recorder.js';

type Accepts<Ours, Theirs> = [Theirs] extends [Ours] ? true : false;
type Member = 'captureLog' | 'logger' | 'startSpan' | 'withSpan' | 'getActiveSpan';

// Arguments: posthog-node's parameter lists fit ours.
const captureLogArgs: Accepts<Parameters<PostHog['captureLog']>, Parameters<NodePostHog['captureLog']>> = true;
const startSpanArgs: Accepts<Parameters<PostHog['startSpan']>, Parameters<NodePostHog['startSpan']>> = true;
const loggerArgs: Accepts<Parameters<PostHog['logger']['error']>, Parameters<NodePostHog['logger']['error']>> = true;
const startSpanOptions: Accepts<StartSpanOptions, Omit<NodeStartSpanOptions, 'parent'> & { parent?: string }> = true;
const tracesOption: Accepts<NonNullable<PostHogOptions['traces']>, NodeTracesConfig> = true;
const logsOption: Accepts<NonNullable<PostHogOptions['logs']>, NonNullable<ConstructorParameters<typeof NodePostHog>[1]>['logs'] & object> = true;
// Results: ours work where posthog-node's are expected.
const spanResult: Accepts<NodeSpan, Span> = true;
const activeResult: Accepts<NodeSpan | null, ReturnType<PostHog['getActiveSpan']>> = true;
const loggerResult: Accepts<NodePostHog['logger'], PostHog['logger']> = true;
const members: Member[] = ['captureLog', 'logger', 'startSpan', 'withSpan', 'getActiveSpan'];

/** A posthog-node program's logs and traces calls, unchanged but for the client type. */
async function nodeStyleProgram(posthog: Pick<PostHog, Member>): Promise<string> {
  posthog.captureLog({ body: 'payment failed', level: 'error', attributes: { code: 'E001' } });
  posthog.logger.info('checkout completed', { order_id: 'ord_789' });
  const span = posthog.startSpan('checkout', { attributes: { plan: 'pro' } });
  span.setAttribute('cart.items', 3);
  span.end();
  const result = await posthog.withSpan('POST /checkout', { parent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, async (s) => {
    s.setAttribute('plan', 'pro');
    return posthog.getActiveSpan()?.traceparent() ?? '';
  });
  posthog.withSpan('job', () => undefined);
  return result;
}

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('posthog-node parity: logs and traces', () => {
  it('posthog-node argument lists and results type-check against posthog-ts', () => {
    assert.deepEqual([captureLogArgs, startSpanArgs, loggerArgs, startSpanOptions, tracesOption, logsOption, spanResult, activeResult, loggerResult], Array(9).fill(true));
    assert.equal(members.length, 5);
  });

  it('a posthog-node program using them runs unchanged', async () => {
    const { client } = testClient(recorder.url, { traces: { serviceName: 'checkout-api' } });
    const traceparent = await nodeStyleProgram(client);
    await client.flush();
    const handler = spanNamed(recorder, 'POST /checkout');
    assert.equal(traceparent, `00-${handler.traceId}-${handler.spanId}-01`);
    assert.equal(handler.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.deepEqual(logsOf(recorder).map((l) => l.body), ['payment failed', 'checkout completed']);
    assert.equal(spanNamed(recorder, 'checkout').attributes['cart.items'], 3);
    await client.shutdown();
  });
});
