/** How many characters of a user value a message or log line quotes. */
export const EXCERPT_LENGTH = 200;

/**
 * A user value as it may appear in a message or log line: `String(value)` cut to
 * {@link EXCERPT_LENGTH} characters, with the full length said when it was cut. A 5 MB event name
 * must not become a 5 MB log line (or a 5 MB string held by an error). Never throws: a value whose
 * `toString` throws is described by its type.
 * @internal
 */
export function excerpt(value: unknown, max: number = EXCERPT_LENGTH): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : String(value);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
  if (text.length <= max) return text;
  // Do not split a surrogate pair at the cut.
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}
