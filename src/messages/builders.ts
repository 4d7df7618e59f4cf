/**
 * Chainable property bag, as posthog-go's `NewProperties().Set(k, v)`. It is a plain object underneath:
 * pass it anywhere properties are accepted.
 * @example new Properties().set('plan', 'Enterprise').set('friends', 42)
 */
export class Properties {
  [key: string]: unknown;
  /** Sets `key` to `value` and returns the same object for chaining. */
  set(key: string, value: unknown): this {
    (this as Record<string, unknown>)[key] = value;
    return this;
  }
}

/**
 * Chainable group map, as posthog-go's `NewGroups().Set(type, key)`.
 * @example new Groups().set('company', '42dlsfj23f')
 */
export class Groups {
  [groupType: string]: unknown;
  /** Sets the key of group type `type` and returns the same object for chaining. */
  set(type: string, key: string | number): this {
    (this as Record<string, unknown>)[type] = key;
    return this;
  }
}

// `set` lives on the prototype, so JSON and Object.keys see only the data; keep it non-enumerable
// there too so `for…in` over a bag never yields it.
for (const cls of [Properties, Groups]) {
  Object.defineProperty(cls.prototype, 'set', { enumerable: false });
}
