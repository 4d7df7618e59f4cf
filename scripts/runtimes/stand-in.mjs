// The PostHog stand-in for runtimes.sh: prints its URL, waits for a line on stdin, then prints what
// it received (event names with their stack depth) and closes.
import { startRecorder } from '../../dist/esm/testing/index.js';

const recorder = await startRecorder({
  flags: { 'remote-only': 'yes' },
  definitions: { flags: [{ key: 'local-flag', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }] },
  personalApiKey: 'phx_smoke',
});
console.log(recorder.url);
process.stdin.once('data', async () => {
  const events = recorder.events.map((e) => `${e.event}${e.properties.$exception_list ? ` (${e.properties.$exception_list[0].stacktrace?.frames.length ?? 0} frames)` : ''}`);
  console.log(`received: ${events.join(', ')}; gzipped batches: ${recorder.requestsTo('batch').every((r) => r.gzipped)}`);
  await recorder.close();
});
