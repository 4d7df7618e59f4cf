/**
 * posthog-ts/testing: a loopback HTTP server that speaks PostHog's API, records what your app sends,
 * serves the flags you choose and injects faults. Node.js only.
 * @packageDocumentation
 */
export { Recorder, startRecorder } from './recorder.js';
export type { Fault, RecordedEvent, RecordedOtlpItem, RecordedRequest, RecorderOptions, Route } from './types.js';
