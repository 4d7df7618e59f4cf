/**
 * One regular expression that matches a whole flag object of a definitions payload and captures its
 * `key` and `id`, so that the scan makes one native call per flag instead of walking each
 * character in JavaScript. In a process that has never scanned, that JavaScript runs interpreted
 * (500 flags: ~16 ms of CPU), while the expression is compiled to machine code on its first use
 * (~1.5 ms for the same text), and it allocates nothing but the match.
 *
 * It only takes the shape PostHog sends, and says so by not matching: a number `id` first, then
 * plain members, then the one string `key`, then any members but another `key` or `id`; member
 * names without escapes; nesting at most {@link MAX_DEPTH} deep. Anything else (another order,
 * duplicate members, an escaped name, a deeper flag, malformed text) does not match, and the
 * caller scans that flag the careful way. (Captures inside a repeated group are reset on each
 * repetition, so `key` and `id` cannot be picked out from among repeated members.)
 */

/** A JSON string, quotes included. */
const STRING = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
/** One character that neither opens nor closes anything. */
const PLAIN = String.raw`[^"{}\[\]]`;
/** Objects and arrays nested this deep inside a flag still match. */
const MAX_DEPTH = 8;

/** An object or array holding at most `depth - 1` levels inside it; brackets balance, nothing more is checked. */
function nested(depth: number): string {
  const inner = depth === 1 ? `${STRING}|${PLAIN}` : `${STRING}|${nested(depth - 1)}|${PLAIN}`;
  return String.raw`[{\[](?:${inner})*[}\]]`;
}

const VALUE = String.raw`(?:${STRING}|${nested(MAX_DEPTH - 1)}|[^"{}\[\],]+)`;
/** A value with nothing nested: what the members before `key` hold. */
const SCALAR = String.raw`(?:${STRING}|[^"{}\[\],]+)`;
/** The name of a member that is neither `key` nor `id`. */
const OTHER_NAME = String.raw`(?!"(?:key|id)"\s*:)${STRING}\s*:\s*`;
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/**
 * Sticky: set `lastIndex` to a flag's `{`. Group 1 is the id, group 2 the key as it stands between
 * its quotes (escapes not undone). PostHog sends `id` first and `key` after a few plain members (`team_id`,
 * `name`); that order is what this takes, so that the nested part is spelled once (compiling the
 * expression is part of the first load's cost).
 * @internal
 */
export const FLAG_PATTERN = new RegExp(
  String.raw`\{\s*"id"\s*:\s*(${NUMBER})\s*,\s*(?:${OTHER_NAME}${SCALAR}\s*,\s*)*"key"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"(?:\s*,\s*${OTHER_NAME}${VALUE})*\s*\}`,
  'y',
);
