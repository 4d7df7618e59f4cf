import { type CompileOptions, type CompiledFlagSet, compileFlagSetFromJson } from '../local/flag-set.js';

/**
 * Compiles definitions received as JSON text; `undefined` when it is not a definitions payload.
 *
 * The text is scanned, not parsed: each flag keeps its JSON text and is parsed when first used.
 * The scan finds each flag with one native regular-expression match (see flag-pattern.ts), so it
 * is fast in a process that has never run it, which is when a starting server's first flag calls
 * wait for it; and it allocates almost nothing, where `JSON.parse` builds every flag as objects
 * the young generation then copies (500 flags: ~4 ms of scavenges in a fresh process; 5,000
 * flags: ~40 ms). A flag that is malformed inside is undecided; the others still evaluate.
 * @internal
 */
export function compileDefinitionsText(text: string, options: CompileOptions): CompiledFlagSet | undefined {
  return compileFlagSetFromJson(text, options);
}
