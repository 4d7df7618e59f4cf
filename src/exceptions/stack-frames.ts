/** One stack frame as PostHog error tracking reads it (`stacktrace.type: "raw"`). */
export interface StackFrame {
  platform: 'node:javascript';
  /** The file as the runtime printed it (a path or URL). */
  filename: string;
  /** Same as `filename`; what PostHog resolves source maps against. */
  abs_path: string;
  function: string;
  lineno?: number;
  colno?: number;
  /** False for runtime internals and dependencies (`node:`, `node_modules`, `internal/`). */
  in_app: boolean;
}

/** Most frames kept per exception; runtimes print 10 by default, `Error.stackTraceLimit` can raise it. */
const MAX_FRAMES = 100;

// V8 (Node.js, Deno, Chrome, workerd):  "    at fn (file:1:2)", "    at file:1:2", "    at async fn (…)"
const V8_FRAME = /^\s*at (?:(.+?) \((.+?)(?::(\d+))?(?::(\d+))?\)|(.+?)(?::(\d+))?(?::(\d+))?)\s*$/;
// JavaScriptCore (Bun, Safari) and SpiderMonkey (Firefox):  "fn@file:1:2", "@file:1:2", "global code@file:1:2"
const AT_SIGN_FRAME = /^\s*(.*?)@(.+?)(?::(\d+))?(?::(\d+))?\s*$/;

function isInApp(filename: string): boolean {
  return !(
    filename.startsWith('node:') ||
    filename.startsWith('internal/') ||
    filename.includes('/node_modules/') ||
    filename.includes('\\node_modules\\') ||
    filename === '<anonymous>' ||
    filename === 'native'
  );
}

function frame(fn: string | undefined, file: string, line: string | undefined, column: string | undefined): StackFrame {
  const out: StackFrame = {
    platform: 'node:javascript',
    filename: file,
    abs_path: file,
    function: fn === undefined || fn === '' ? '?' : fn,
    in_app: isInApp(file),
  };
  if (line !== undefined) out.lineno = Number(line);
  if (column !== undefined) out.colno = Number(column);
  return out;
}

function parseV8Line(line: string): StackFrame | undefined {
  const v8 = V8_FRAME.exec(line);
  if (v8 === null) return undefined;
  if (v8[2] !== undefined) {
    // "at fn (eval at outer (file:1:2), <anonymous>:3:4)": report the eval's own position.
    const evalMatch = /^eval at .+?, (.+?)(?::(\d+))?(?::(\d+))?$/.exec(v8[2]);
    if (evalMatch !== null) return frame(v8[1], evalMatch[1], evalMatch[2] ?? v8[3], evalMatch[3] ?? v8[4]);
    return frame(v8[1], v8[2], v8[3], v8[4]);
  }
  return frame(undefined, v8[5], v8[6], v8[7]);
}

function parseAtSignLine(line: string): StackFrame | undefined {
  const at = AT_SIGN_FRAME.exec(line);
  return at === null || at[2] === '[native code]' ? undefined : frame(at[1], at[2], at[3], at[4]);
}

/**
 * Parses a V8, JavaScriptCore or SpiderMonkey stack into frames, entry point first and crash site
 * last (runtimes print the crash site first). V8 stacks start with the message, which may span
 * lines and hold an "@"; only their "at …" lines are frames. Never throws.
 */
export function parseStack(stack: unknown): StackFrame[] {
  if (typeof stack !== 'string' || stack === '') return [];
  const lines = stack.split('\n');
  const v8 = lines.some((line) => line.trimStart().startsWith('at '));
  const frames: StackFrame[] = [];
  for (const line of lines) {
    if (frames.length >= MAX_FRAMES) break;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const parsed = v8 ? (trimmed.startsWith('at ') ? parseV8Line(line) : undefined) : parseAtSignLine(line);
    if (parsed !== undefined) frames.push(parsed);
  }
  return frames.reverse();
}
