/**
 * How a waiting event is held in memory: its text with the lane's shared text (the SDK's own
 * properties) replaced by this one-character mark. JSON text never holds an unescaped control
 * character, so the mark cannot be confused with anything an event contains.
 * @internal
 */
export const HELD_MARK = '\u0001';
