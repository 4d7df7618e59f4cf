/** Whether a UTF-16 code unit is an ASCII letter, `A`–`Z` or `a`–`z`. @internal */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
