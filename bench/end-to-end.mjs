// End to end with gzip over loopback HTTP: a closed-loop producer in this process (pinned to CPU 0)
// captures through the SDK with its default options into a sink process on the other CPU
// (sink.mjs). Reports the CPU this process spends per event — capture, batching, serialising,
// gzip, HTTP — and the wire bytes per event the sink read (headers included).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BURST = 100;
const WINDOW = 1_000;

/** Starts the sink on CPU 1 when taskset is there; resolves its URL and a stop function. */
export function startSink() {
  const script = fileURLToPath(new URL('./sink.mjs', import.meta.url));
  const pinned = process.env.BENCH_PINNED === 'cpu0';
  const child = pinned ? spawn('taskset', ['-c', '1', process.execPath, script], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data) => {
      const { port } = JSON.parse(String(data).split('\n')[0]);
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        stats: async () => (await fetch(`${url}/stats`)).json(),
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}

/** The closed-loop producer: bursts of BURST events, one per event-loop turn; waits for delivery (flush) every WINDOW events. */
async function produce(client, event, from, count) {
  for (let sent = 0; sent < count; ) {
    for (let i = 0; i < BURST && sent < count; i++, sent++) client.capture(event(from + sent));
    await new Promise((resolve) => setImmediate(resolve));
    if (sent % WINDOW === 0 || sent === count) await client.flush();
  }
}

/**
 * One SDK's end-to-end cost: `makeClient(host)` builds a client with default delivery options.
 * @returns {{ cpu: number, bytes: number }} CPU µs and wire bytes per event
 */
export async function endToEnd(makeClient, event, events) {
  const sink = await startSink();
  try {
    const client = makeClient(sink.url);
    await produce(client, event, 0, 2_000);
    const before = await sink.stats();
    const cpu = process.cpuUsage();
    await produce(client, event, 2_000, events);
    const used = process.cpuUsage(cpu);
    const after = await sink.stats();
    await client.shutdown();
    const arrived = after.events - before.events;
    if (arrived !== events) throw new Error(`end to end: ${arrived} of ${events} events arrived`);
    return {
      cpu: (used.user + used.system) / events,
      bytes: (after.wireBytes - before.wireBytes) / events,
      bodyBytes: (after.bodyBytes - before.bodyBytes) / events,
      perRequest: events / (after.requests - before.requests),
      encodings: after.encodings,
    };
  } finally {
    sink.stop();
  }
}
