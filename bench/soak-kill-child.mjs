// One process of the soak's kill-and-restart scenario. Usage:
//   node soak-kill-child.mjs <sdk> <host> capture <dir> <events>   captures in bursts, printing each
//       burst's uuids once capture() has returned for all of them; SIGKILLs itself after <events>
//   node soak-kill-child.mjs <sdk> <host> restart <dir>            the same options again: flush,
//       shutdown(60000), DONE
// posthog-ts runs with its spool in <dir>; posthog-node has none. Both get the same other options.
import { randomUUID } from 'node:crypto';
import { PostHog as NodePostHog } from 'posthog-node';
import { PostHog } from '../dist/esm/index.js';

const [sdk, host, role, directory, events] = process.argv.slice(2);
const EVENTS = Number(events);
const BURST = 200;
const TICK_MS = 10;
const out = (text) => process.stdout.write(text);
// posthog-node reports failed flushes on the console; stdout carries the uuids.
console.log = console.warn = console.error = () => {};

const options = { host, maxQueueSize: 20_000 };
const client =
  sdk === 'posthog-ts'
    ? new PostHog('phc_soak', { ...options, logger: { debug() {}, warn() {}, error() {} }, spool: { directory } })
    : new NodePostHog('phc_soak', options);
client.on?.('error', () => {});

if (role === 'capture') {
  for (let sent = 0; ; ) {
    const returned = [];
    for (let i = 0; i < BURST && sent < EVENTS; i++, sent++) {
      const uuid = randomUUID();
      client.capture({ distinctId: `user-${sent % 500}`, event: 'soak', properties: { n: sent }, uuid });
      returned.push(uuid);
    }
    out(`${returned.join('\n')}\n`);
    if (sent >= EVENTS) process.kill(process.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
} else {
  await client.flush();
  await client.shutdown(60_000);
  out('DONE\n');
}
