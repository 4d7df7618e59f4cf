import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Recorder } from '../../src/testing/index.js';

/** How a child process of test/fixtures/spool-child.mjs ended, and what it printed. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** uuids capture() returned (printed after the call). */
  returned: string[];
  /** uuids PostHog acknowledged to the process (onSuccess). */
  acked: Set<string>;
  done: boolean;
  stderr: string;
}

/** Starts the spool fixture; `ready` resolves when an idle child has captured its events. */
export function startSpoolChild(config: Record<string, unknown>): { child: ChildProcess; ended: Promise<ChildRun>; ready: Promise<void> } {
  const fixture = join(process.cwd(), 'test', 'fixtures', 'spool-child.mjs');
  const child = spawn(process.execPath, [fixture, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    if (out.includes('READY\n')) markReady();
  });
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const ended = new Promise<ChildRun>((resolve) =>
    child.on('exit', (code, signal) => {
      markReady(); // a child that ended without getting ready: whoever waits sees how it ended
      // 'exit' can come before the last output: wait for the pipes to close.
      let open = 2;
      const finish = () => {
        if (--open > 0) return;
        const lines = out.split('\n');
        resolve({
          code,
          signal,
          returned: lines.filter((l) => l.startsWith('R ')).map((l) => l.slice(2)),
          acked: new Set(lines.filter((l) => l.startsWith('A ')).map((l) => l.slice(2))),
          done: lines.includes('DONE'),
          stderr,
        });
      };
      if (child.stdout?.readableEnded) finish();
      else child.stdout?.on('end', finish);
      if (child.stderr?.readableEnded) finish();
      else child.stderr?.on('end', finish);
    }),
  );
  return { child, ended, ready };
}

/** A fresh spool directory under the OS temp folder. */
export function tempSpoolDir(): string {
  return mkdtempSync(join(tmpdir(), 'posthog-spool-'));
}

/** uuids of events stored from requests whose response the recorder dropped on purpose. */
export function lostResponseUuids(recorder: Recorder): Set<string> {
  const lost = new Set(recorder.requests.filter((r) => r.outcome === 'lost').map((r) => r.index));
  return new Set(recorder.events.filter((e) => lost.has(e.requestIndex)).map((e) => e.uuid));
}

/** How often each uuid was received, and whether every copy carries the same timestamp. */
export function receivedCopies(recorder: Recorder): { counts: Map<string, number>; timestampsDiffer: string[] } {
  const counts = new Map<string, number>();
  const stamps = new Map<string, string>();
  const differ: string[] = [];
  for (const event of recorder.events) {
    counts.set(event.uuid, (counts.get(event.uuid) ?? 0) + 1);
    const seen = stamps.get(event.uuid);
    if (seen === undefined) stamps.set(event.uuid, event.timestamp);
    else if (seen !== event.timestamp) differ.push(event.uuid);
  }
  return { counts, timestampsDiffer: differ };
}

/** A small deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A loopback port nobody listens on: bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
