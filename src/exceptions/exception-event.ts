import { type CaptureBoundary, buildExceptionList } from './exception-list.js';

/** Event-level severity (`$exception_level`). */
export type ExceptionLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

/** Where an exception was captured and what that boundary knows. @internal */
export interface ExceptionBoundary extends CaptureBoundary {
  level: ExceptionLevel;
  /** Concrete integration or hook (`node.process_uncaught_exception`); omitted for manual capture. */
  source?: string;
}

/** Manual capture of a caught exception. @internal */
export const MANUAL_CAPTURE: ExceptionBoundary = { type: 'generic', handled: true, level: 'error' };

/** Properties only the SDK sets; a caller's values for them are dropped. */
function isReserved(key: string): boolean {
  return (key.startsWith('$exception_') && key !== '$exception_fingerprint') || key === '$debug_images';
}

/**
 * The properties of a `$exception` event: the caller's (minus reserved keys), then `$exception_list`,
 * `$exception_level`, `$exception_source` when the boundary has one, and the flat
 * `$exception_type` / `$exception_message` of the outermost exception. Never throws.
 * @internal
 */
export function exceptionProperties(
  thrown: unknown,
  boundary: ExceptionBoundary,
  callerProperties: Record<string, unknown> | undefined,
  syntheticStack?: string,
): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (callerProperties !== null && typeof callerProperties === 'object') {
    for (const [key, value] of Object.entries(callerProperties)) if (!isReserved(key)) properties[key] = value;
  }
  const list = buildExceptionList(thrown, boundary, syntheticStack);
  properties.$exception_list = list;
  properties.$exception_level = boundary.level;
  if (boundary.source !== undefined) properties.$exception_source = boundary.source;
  properties.$exception_type = list[0]?.type ?? 'Error';
  properties.$exception_message = list[0]?.value ?? '';
  return properties;
}
