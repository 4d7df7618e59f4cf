/**
 * `JSON.stringify` for text that stays in memory (queued events). V8 hands back its result as a rope
 * of the stringifier's buffers, ~1.6x the text's size; converting it to a number (always NaN for an
 * object's JSON) flattens it in place, so a queued event costs about its length in bytes.
 * @internal
 */
export function stringifyCompact(value: unknown): string {
  const json = JSON.stringify(value);
  return Number.isNaN(Number(json)) ? json : json;
}
