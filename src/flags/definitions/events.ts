/**
 * What the definitions loader tells integrations that mirror its state (the OpenFeature provider's
 * READY / CONFIGURATION_CHANGED / ERROR events).
 * - `ready`: definitions are in force for the first time, or again after a 401/403 halt;
 * - `changed`: definitions in force were replaced (a new payload) or cleared (402);
 * - `halted`: the key was refused (401/403); local evaluation stops until `reloadFeatureFlags()`.
 * @internal
 */
export type DefinitionsEvent = 'ready' | 'changed' | 'halted';

/**
 * Where the loader stands: `inactive` (nothing to load: no key, no cache), `loading` (no definitions
 * yet), `ready`, or `halted` (401/403).
 * @internal
 */
export type DefinitionsState = 'inactive' | 'loading' | 'ready' | 'halted';

/** A listener of {@link DefinitionsEvent}s. @internal */
export type DefinitionsListener = (event: DefinitionsEvent) => void;

/**
 * The loader's listeners. What a listener throws is swallowed: a broken integration must not stop
 * polling.
 * @internal
 */
export class DefinitionsWatchers {
  private readonly listeners = new Set<DefinitionsListener>();

  /** Adds a listener; the returned function removes it. */
  add(listener: DefinitionsListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: DefinitionsEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // Integrations report their own failures; the loader goes on.
      }
    }
  }
}
