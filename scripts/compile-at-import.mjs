// Makes V8 compile chosen functions of a bundle when the bundle loads, not when each is first called.
//
// V8 compiles a function lazily: loading a file only pre-parses its functions, and each is parsed
// again and compiled the first time it runs. For the functions a local-evaluation client runs on its
// way from `new PostHog()` to its first flag, that second parse and compile fell inside that first
// request (about 40% of it for 500 flags, bench row "time to the last flag"). A function expression
// in parentheses is compiled eagerly, in the same pass that loads the file, so each chosen top-level
// `function name(...) {...}` is rewritten as `var name = (function name(...) {...});`.
//
// The rewritten functions move to the top of the file, after its imports and directives. A function
// declaration is usable from the first line of its scope; an assignment only from where it stands,
// so moving them first keeps every call at load time working as before.
//
// The list of names (scripts/first-flag-functions.json) is written by
// scripts/list-first-flag-functions.mjs, which records what a fresh process runs in that window.
import ts from 'typescript';

/**
 * @param {string} code a bundle's JavaScript (ESM or CJS)
 * @param {ReadonlySet<string>} names top-level function declarations to compile at load
 * @returns {{ code: string, found: Set<string> }} the rewritten code, and which names it held
 */
export function compileAtImport(code, names) {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = new Set();
  const moved = [];
  const cuts = [];
  // The rewritten functions go after the leading directives and imports, before any other statement.
  let top = 0;
  let leading = true;
  for (const statement of file.statements) {
    const isDirective = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (leading && (isDirective || ts.isImportDeclaration(statement))) {
      top = statement.end;
      continue;
    }
    leading = false;
    if (!ts.isFunctionDeclaration(statement) || statement.name === undefined || statement.body === undefined) continue;
    // `export function` / `export default function` would need their export kept apart; bundles write
    // `export { ... }` at the end instead, so such a declaration is simply left as it is.
    if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    const name = statement.name.text;
    if (!names.has(name) || found.has(name)) continue;
    const start = statement.getStart(file);
    found.add(name);
    moved.push(`var ${name} = (${code.slice(start, statement.end)});\n`);
    cuts.push([start, statement.end]);
  }
  let rest = '';
  let from = top;
  for (const [start, end] of cuts) {
    rest += code.slice(from, start);
    from = end;
  }
  rest += code.slice(from);
  return { code: `${code.slice(0, top)}\n${moved.join('')}${rest}`, found };
}
