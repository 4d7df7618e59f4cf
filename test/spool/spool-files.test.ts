// The spool on a real disk in this process: segments rotate and go once acknowledged, what ended
// processes left is sent (torn and damaged records skipped with a warning), a full disk and an
// unusable directory fall back to memory with one error, maxBytes drops the oldest left-behind events
// by name, and each fsync policy syncs when it says.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { PostHogDeliveryError } from '../../src/base/errors.js';
import { readSegment } from '../../src/delivery/spool/records.js';
import { PostHog as EdgePostHog } from '../../src/edge.js';
import type { WireEvent } from '../../src/index.js';
import type { Recorder } from '../../src/testing/index.js';
import { MemoryLogger, testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';
import { tempSpoolDir } from '../helpers/spool-child.js';
import { enospc, eventJson, filesUnder, leaveBehind, segmentBytes, watchedStorage } from '../helpers/spool-files.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));
let dir: string;
/** Clients of the test: shut down even when it fails, or their spool timers keep virtual time running. */
let clients: Array<{ shutdown(ms?: number): Promise<void> }> = [];
beforeEach(() => (dir = tempSpoolDir()));
afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown(0)));
  clients = [];
  rmSync(dir, { recursive: true, force: true });
});

function spoolClient(...args: Parameters<typeof testClient>) {
  const made = testClient(...args);
  clients.push(made.client);
  return made;
}

const capture = (client: ReturnType<typeof testClient>['client'], n: number) =>
  Array.from({ length: n }, (_, i) => client.capture({ distinctId: 'u', event: 'spooled', properties: { i } }));

describe('spool: files on disk', () => {
  it('every accepted event is on disk when capture() returns; acknowledged segments are rotated and deleted', async () => {
    recorder.setFaultPolicy('batch', () => ({ kind: 'reset' }));
    const { storage, calls } = watchedStorage();
    const { client } = spoolClient(recorder.url, { spool: { directory: dir, segmentBytes: 1024 }, flushAt: 1000, platform: { spoolStorage: storage } });
    const uuids = capture(client, 60);
    const onDisk = filesUnder(join(dir, 'capture')).flatMap((f) => readSegment(readFileSync(join(dir, 'capture', f))).pending.map((r) => JSON.parse(r.json).uuid));
    assert.deepEqual(onDisk, uuids);
    assert.ok(calls.creates >= 5, `${calls.creates} segment files for 60 events of ~200 bytes in 1 KiB segments`);
    recorder.setFaultPolicy('batch', undefined);
    await client.flush();
    assert.equal(recorder.uniqueEventCount(), 60);
    assert.deepEqual(filesUnder(join(dir, 'capture')), [], 'acknowledged segments are deleted');
    await client.shutdown();
    assert.deepEqual(filesUnder(dir), [], 'a clean shutdown leaves nothing behind');
  });

  it('sends what an ended process left, with the same uuid and timestamp; acknowledged records are not resent', async () => {
    const events = [0, 1, 2, 3].map((n) => eventJson(n));
    leaveBehind(dir, [segmentBytes([{ event: events[0] }, { event: events[1] }, { ack: [0] }]), segmentBytes([{ event: events[2] }, { event: events[3] }])]);
    const { client } = spoolClient(recorder.url, { spool: { directory: dir } });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.uuid, e.timestamp]), [1, 2, 3].map((n) => [JSON.parse(events[n]).uuid, '2026-01-01T00:00:00.000Z']));
    await client.shutdown();
    assert.deepEqual(filesUnder(dir), []);
  });

  it('a torn last record (killed mid-write) is skipped with a warning; the records before it are sent', async () => {
    const whole = segmentBytes([{ event: eventJson(0) }, { event: eventJson(1) }, { event: eventJson(2) }]);
    const tornAt = segmentBytes([{ event: eventJson(0) }, { event: eventJson(1) }]).length + 20;
    leaveBehind(dir, [whole.subarray(0, tornAt)]);
    const { client, logger } = spoolClient(recorder.url, { spool: { directory: dir } });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.properties.n), [0, 1]);
    assert.equal(logger.matching(/torn record/).length, 1);
    await client.shutdown();
  });

  it('a damaged record (checksum fails) is skipped with a warning; the records after it are still sent', async () => {
    const bytes = segmentBytes([{ event: eventJson(0) }, { event: eventJson(1) }, { event: eventJson(2) }]);
    const second = segmentBytes([{ event: eventJson(0) }]).length + 12 + 30;
    bytes[second] ^= 0x20;
    leaveBehind(dir, [bytes]);
    const { client, logger } = spoolClient(recorder.url, { spool: { directory: dir } });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.properties.n), [0, 2]);
    assert.equal(logger.matching(/1 record\(s\) .* failed their checksum/).length, 1);
    await client.shutdown();
  });

  it('a full disk (ENOSPC mid-record) falls back to memory with one error, never a throw; the file keeps only whole records', async () => {
    let full = false;
    const { storage } = watchedStorage((call, file, bytes, length) => {
      if (!full && call === 10) full = true;
      if (!full || length === 4) return;
      file.append(bytes, length >> 1); // part of the record reaches the disk, then the write fails
      throw enospc();
    });
    recorder.setFaultPolicy('batch', () => ({ kind: 'reset' }));
    const { client, logger } = spoolClient(recorder.url, { spool: { directory: dir }, flushAt: 1000, platform: { spoolStorage: storage } }, null);
    const uuids = capture(client, 30);
    assert.equal(uuids.filter((u) => u === undefined).length, 0, 'every capture is accepted');
    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /ENOSPC.*kept in memory only/);
    const [segment] = filesUnder(join(dir, 'capture'));
    const contents = readSegment(readFileSync(join(dir, 'capture', segment)));
    assert.equal(contents.torn, false, 'the half-written record was cut off');
    assert.deepEqual(contents.pending.map((r) => JSON.parse(r.json).uuid), uuids.slice(0, 8));
    recorder.setFaultPolicy('batch', undefined);
    await client.flush();
    assert.equal(recorder.uniqueEventCount(), 30, 'events kept in memory are still sent');
    await client.shutdown();
  });

  it('after a full disk, the spool writes again at the next heartbeat and says so once', async () => {
    let full = true;
    const { storage } = watchedStorage(() => {
      if (full) throw enospc();
    });
    const { client, logger, scheduler } = spoolClient(recorder.url, { spool: { directory: dir }, flushAt: 1000, platform: { spoolStorage: storage } });
    capture(client, 3);
    full = false;
    await new Promise<void>((resolve) => scheduler?.setTimeout(resolve, 20_000));
    const again = capture(client, 2);
    assert.equal(logger.lines.filter((l) => l.level === 'error').length, 1);
    assert.equal(logger.matching(/again; events captured from now on are durable/).length, 1);
    const onDisk = filesUnder(join(dir, 'capture')).flatMap((f) => readSegment(readFileSync(join(dir, 'capture', f))).pending.map((r) => JSON.parse(r.json).uuid));
    assert.deepEqual(onDisk, again);
    await client.shutdown();
  });

  it('an unusable directory: one clear error naming it, and events are still sent from memory', async () => {
    const file = join(dir, 'not-a-directory');
    writeFileSync(file, 'x');
    const { client, logger } = spoolClient(recorder.url, { spool: { directory: join(file, 'spool') } });
    capture(client, 5);
    await client.flush();
    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /spool: cannot use the directory .*not-a-directory.* \((ENOTDIR|EEXIST)\).*memory only/);
    assert.equal(recorder.uniqueEventCount(), 5);
    await client.shutdown();
  });

  it('on the edge entry the option is refused at construction with a clear error (logged, not thrown)', async () => {
    const logger = new MemoryLogger();
    const client = new EdgePostHog('phc_test_key', { host: recorder.url, logger, spool: { directory: dir } });
    client.capture({ distinctId: 'u', event: 'on the edge' });
    await client.flush();
    const errors = logger.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /option spool: this runtime \(web platform\) has no file system/);
    assert.equal(recorder.uniqueEventCount(), 1);
    assert.deepEqual(filesUnder(dir), []);
    await client.shutdown();
  });

  it('maxBytes: the oldest events left behind are dropped to make room, each reported with reason spool_full', async () => {
    const left = Array.from({ length: 90 }, (_, n) => eventJson(n, 900));
    leaveBehind(dir, [0, 1, 2].map((s) => segmentBytes(left.slice(s * 30, s * 30 + 30).map((event) => ({ event })))));
    const dropped: Array<{ event: WireEvent; error: PostHogDeliveryError }> = [];
    recorder.setFaultPolicy('batch', () => ({ kind: 'reset' }));
    const { client } = spoolClient(recorder.url, {
      spool: { directory: dir, maxBytes: 64 * 1024 },
      maxQueueSize: 20,
      flushAt: 20,
      onFailure: (event, error) => dropped.push({ event, error }),
    });
    client.capture({ distinctId: 'u', event: 'new' });
    assert.deepEqual(dropped.map((d) => d.event.properties?.n), Array.from({ length: 20 }, (_, i) => i + 10), 'the unsent rest of the oldest segment');
    assert.ok(dropped.every((d) => d.error.reason === 'spool_full'));
    recorder.setFaultPolicy('batch', undefined);
    await client.flush();
    assert.equal(recorder.uniqueEventCount(), 71, '10 taken before the drop, the 60 of the newer segments, and the new event');
    await client.shutdown();
  });

  for (const [policy, expect] of [
    ['always', (c: { syncs: number; syncsSoon: number }) => c.syncs >= 20 && c.syncsSoon === 0],
    ['interval', (c: { syncs: number; syncsSoon: number }) => c.syncs <= 2 && c.syncsSoon >= 1],
    ['never', (c: { syncs: number; syncsSoon: number }) => c.syncs === 0 && c.syncsSoon === 0],
  ] as const) {
    it(`fsync '${policy}' syncs ${policy === 'always' ? 'before capture() returns' : policy === 'interval' ? 'in the background each second, and on shutdown' : 'never'}`, async () => {
      recorder.setFaultPolicy('batch', () => ({ kind: 'reset' }));
      const { storage, calls } = watchedStorage();
      const { client, scheduler } = spoolClient(recorder.url, { spool: { directory: dir, fsync: policy }, flushAt: 1000, platform: { spoolStorage: storage } });
      capture(client, 20);
      await new Promise<void>((resolve) => scheduler?.setTimeout(resolve, 1_500));
      await client.shutdown(0);
      assert.ok(expect(calls), JSON.stringify(calls));
    });
  }
});
