import { afterEach, beforeEach } from 'node:test';
import { type Recorder, type RecorderOptions, startRecorder } from '../../src/testing/index.js';

/**
 * Gives every test of the file a fresh recorder (started before, closed after), handed to `use`.
 * @example let recorder: Recorder; useRecorder((r) => (recorder = r), { flags: { beta: true } })
 */
export function useRecorder(use: (recorder: Recorder) => void, options: RecorderOptions = {}): void {
  let current: Recorder | undefined;
  beforeEach(async () => {
    current = await startRecorder(options);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

/** What the flag-contract tests serve from `/flags`: a flag on, one off, one variant, with payloads. */
export const SERVED_FLAGS: RecorderOptions = { flags: { on: true, off: false, variant: 'blue' }, payloads: { on: { a: 1 }, variant: 'text' } };

/** The `$feature_flag_called` events a recorder has stored. */
export function flagCalls(recorder: Recorder) {
  return recorder.events.filter((e) => e.event === '$feature_flag_called');
}
