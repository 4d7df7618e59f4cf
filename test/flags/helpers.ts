import type { DefinitionsPayload, FlagDefinition, PropertyFilter } from '../../src/flags/definitions/payload.js';
import type { FlagSubject } from '../../src/flags/flag-source.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';

/** Fixed clock for date operators: 2026-01-15T12:00:00Z. */
export const NOW = Date.UTC(2026, 0, 15, 12);

export function subject(distinctId: string, extra: Partial<FlagSubject> = {}): FlagSubject {
  return { distinctId, groups: {}, personProperties: {}, groupProperties: {}, ...extra };
}

/** Evaluates `key` in `payload` → the value, or `'inconclusive'` / `'missing'`. */
export function evaluate(payload: DefinitionsPayload, key: string, who: FlagSubject): boolean | string {
  const outcome = compileFlagSet(payload, { loadedAt: NOW }).evaluate(key, who, NOW);
  return outcome.kind === 'decided' ? outcome.value : outcome.kind;
}

/** A person flag with one condition holding `filters`, fully rolled out. */
export function flagWith(filters: PropertyFilter[], extra: Partial<FlagDefinition> = {}): FlagDefinition {
  return { id: 1, key: 'f', active: true, filters: { groups: [{ properties: filters, rollout_percentage: 100 }] }, ...extra };
}

/** Whether one property filter matches these person properties: true / false / 'inconclusive'. */
export function matches(filter: PropertyFilter, personProperties: Record<string, unknown>, extra: Partial<DefinitionsPayload> = {}): boolean | string {
  return evaluate({ flags: [flagWith([filter])], ...extra }, 'f', subject('user-1', { personProperties }));
}
