import { type StackFrame, parseStack } from './stack-frames.js';

/** `$exception_list[].mechanism` (reference: events.md §8, spec exception-event-metadata). */
export interface ExceptionMechanism {
  type?: string;
  handled?: boolean;
  source?: string;
  synthetic?: boolean;
  exception_id: number;
  parent_id?: number;
}

/** One entry of `$exception_list`. */
export interface ExceptionEntry {
  type: string;
  value: string;
  mechanism: ExceptionMechanism;
  stacktrace?: { type: 'raw'; frames: StackFrame[] };
}

/** What the capture boundary knows about the outermost exception. */
export interface CaptureBoundary {
  /** `generic` for manual capture, `onuncaughtexception` … for hooks. */
  type: string;
  handled: boolean;
}

/** At most this many entries per event; the outermost and the first 49 nested ones are kept. */
export const MAX_EXCEPTIONS = 50;

interface Pending {
  value: unknown;
  parentId?: number;
  source?: string;
}

function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

function typeOf(error: Error): string {
  const name = typeof error.name === 'string' && error.name !== '' ? error.name : error.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    const message = (value as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/** The exceptions reached from `error`, in runtime order, with how each is reached. */
function children(error: unknown): Array<{ value: unknown; source: string }> {
  if (error === null || typeof error !== 'object') return [];
  const out: Array<{ value: unknown; source: string }> = [];
  const e = error as { errors?: unknown; cause?: unknown; suppressed?: unknown; error?: unknown };
  // AggregateError members, then SuppressedError's parts, then the cause.
  if (Array.isArray(e.errors)) for (const member of e.errors) out.push({ value: member, source: 'member' });
  if (isError(error) && error.name === 'SuppressedError') {
    if ('error' in e) out.push({ value: e.error, source: 'inner' });
    if ('suppressed' in e) out.push({ value: e.suppressed, source: 'suppressed' });
  }
  if ('cause' in e && e.cause !== undefined) out.push({ value: e.cause, source: 'cause' });
  return out;
}

/**
 * Builds `$exception_list` from anything thrown: the outermost exception first, then its members,
 * suppressed errors and causes depth-first (each with `exception_id`, `parent_id`, `type: "chained"`
 * and the relationship in `source`), at most {@link MAX_EXCEPTIONS} entries, each object once (cycles
 * end there). An `Error`'s own stack is kept (`synthetic: false`, also when it has none); a
 * non-error value becomes an `Error` entry with `synthetic: true` and, for the outermost one,
 * `syntheticStack` (the stack at the capture call) when given. Never throws.
 */
export function buildExceptionList(thrown: unknown, boundary: CaptureBoundary, syntheticStack?: string): ExceptionEntry[] {
  const entries: ExceptionEntry[] = [];
  const seen = new Set<unknown>();
  const stack: Pending[] = [{ value: thrown }];
  while (stack.length > 0 && entries.length < MAX_EXCEPTIONS) {
    const next = stack.pop() as Pending;
    if (next.value !== null && typeof next.value === 'object') {
      if (seen.has(next.value)) continue;
      seen.add(next.value);
    }
    const id = entries.length;
    const outermost = id === 0;
    const mechanism: ExceptionMechanism = outermost
      ? { type: boundary.type, handled: boundary.handled, exception_id: 0 }
      : { type: 'chained', exception_id: id, parent_id: next.parentId };
    if (!outermost && next.source !== undefined) mechanism.source = next.source;
    let entry: ExceptionEntry;
    if (isError(next.value)) {
      mechanism.synthetic = false;
      entry = { type: typeOf(next.value), value: typeof next.value.message === 'string' ? next.value.message : describe(next.value.message), mechanism };
      const frames = parseStack(next.value.stack);
      if (frames.length > 0) entry.stacktrace = { type: 'raw', frames };
    } else {
      mechanism.synthetic = true;
      entry = { type: 'Error', value: describe(next.value), mechanism };
      const existing = (next.value as { stack?: unknown } | null)?.stack;
      const frames = parseStack(typeof existing === 'string' ? existing : outermost ? syntheticStack : undefined);
      if (frames.length > 0) entry.stacktrace = { type: 'raw', frames };
    }
    entries.push(entry);
    // Depth-first, parent before children, children in runtime order: push them reversed.
    const kids = children(next.value);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ value: kids[i].value, parentId: id, source: kids[i].source });
  }
  return entries;
}
