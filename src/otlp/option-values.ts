// Reading the `logs` and `traces` options: a wrong value logs a line naming the option and the
// fallback, never throws.

/** A positive integer option, or its default with a warning naming it. @internal */
export function positiveInteger(value: unknown, fallback: number, name: string, warn: (message: string) => void): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  warn(`option ${name}=${String(value)} is invalid (expected a whole number ≥ 1); using ${fallback}`);
  return fallback;
}

/** Hooks given as one function or a list; anything else is left out with a warning. @internal */
export function hookList<F>(value: F | F[] | undefined, name: string, warn: (message: string) => void): F[] {
  if (value === undefined || value === null) return [];
  const supplied = Array.isArray(value) ? value : [value];
  const hooks = supplied.filter((hook) => typeof hook === 'function');
  if (hooks.length !== supplied.length) warn(`option ${name}: ${supplied.length - hooks.length} of ${supplied.length} entries are not functions and are ignored`);
  return hooks;
}
