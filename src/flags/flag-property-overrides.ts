/**
 * Person and group properties stored for later flag calls (`setPersonPropertiesForFlags` …), for
 * when the app knows properties that PostHog has not processed yet. They sit under the properties a
 * call passes itself. Each request context gets its own; there is no client-wide store, which would
 * hand one user's properties to every later user.
 * @internal
 */
export class FlagPropertyOverrides {
  private person: Record<string, unknown> = {};
  private groups: Record<string, Record<string, unknown>> = {};

  /** A copy, so a nested request context starts from its parent's overrides without changing them. */
  clone(): FlagPropertyOverrides {
    const copy = new FlagPropertyOverrides();
    copy.person = { ...this.person };
    for (const [type, properties] of Object.entries(this.groups)) copy.groups[type] = { ...properties };
    return copy;
  }

  /** Adds to the stored person properties; later values win. Non-objects are ignored. */
  setPerson(properties: unknown): void {
    if (isPropertyMap(properties)) this.person = { ...this.person, ...properties };
  }

  resetPerson(): void {
    this.person = {};
  }

  /** Adds to one group type's stored properties. */
  setGroup(groupType: unknown, properties: unknown): void {
    if (typeof groupType !== 'string' || groupType === '' || !isPropertyMap(properties)) return;
    this.groups = { ...this.groups, [groupType]: { ...this.groups[groupType], ...properties } };
  }

  /** Forgets one group type's stored properties, or all of them. */
  resetGroups(groupType?: string): void {
    if (groupType === undefined) this.groups = {};
    else {
      const { [groupType]: _dropped, ...rest } = this.groups;
      this.groups = rest;
    }
  }

  get personProperties(): Readonly<Record<string, unknown>> {
    return this.person;
  }

  get groupProperties(): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
    return this.groups;
  }

  get empty(): boolean {
    return Object.keys(this.person).length === 0 && Object.keys(this.groups).length === 0;
  }
}

function isPropertyMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Layers stores (outermost first) under a call's own person and group properties. @internal */
export function withStoredProperties<O extends { personProperties?: Record<string, unknown>; groupProperties?: Record<string, Record<string, unknown>> }>(
  options: O | undefined,
  stores: ReadonlyArray<FlagPropertyOverrides | undefined>,
): O | undefined {
  const layers = stores.filter((s): s is FlagPropertyOverrides => s !== undefined && !s.empty);
  if (layers.length === 0) return options;
  const personProperties: Record<string, unknown> = {};
  const groupProperties: Record<string, Record<string, unknown>> = {};
  for (const layer of layers) {
    Object.assign(personProperties, layer.personProperties);
    for (const [type, properties] of Object.entries(layer.groupProperties)) groupProperties[type] = { ...groupProperties[type], ...properties };
  }
  Object.assign(personProperties, options?.personProperties);
  for (const [type, properties] of Object.entries(options?.groupProperties ?? {})) groupProperties[type] = { ...groupProperties[type], ...properties };
  return { ...(options ?? ({} as O)), personProperties, groupProperties };
}
