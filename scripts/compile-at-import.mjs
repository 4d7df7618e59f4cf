// Makes V8 compile chosen functions of a bundle when the bundle loads, not when each is first called.
//
// V8 compiles a function lazily: loading a file only pre-parses its functions, and each is parsed
// again and compiled the first time it runs. For the functions a local-evaluation client runs on its
// way from `new PostHog()` to its first flag, that second parse and compile fell inside that first
// request (about 40% of it for 500 flags, bench row "time to the last flag"). A function expression
// in parentheses is compiled eagerly: at the top level in the same pass that loads the file, and
// inside a function when that function is compiled. So each chosen function is rewritten, without
// changing what it does, into a parenthesised function expression whose enclosing functions are
// rewritten too:
// - a top-level `function name(...) {...}` becomes `var name = (function name(...) {...});`, moved
//   to the top of the file (after its imports and directives), so that calls made at load still
//   find it defined, as a declaration would be;
// - a function declared directly in a function body moves the same way to the top of that body;
// - a function expression is put in parentheses;
// - an arrow function that uses neither `this`, `arguments`, `super` nor `new.target` becomes the
//   same function written with `function`;
// - a class method or accessor (a plain name, no `super`, no reference to a variable of its own
//   name) is installed by a static block at the top of its class, with the property attributes the
//   class syntax gives (not enumerable, writable for methods, configurable); static ones on the
//   class. A static block runs when the class is defined, at load.
// - an object literal's method (same conditions) becomes `name: (function name(...) {...})`.
// Constructors, private methods and anything else stay as they are.
//
// Functions are named by keys that do not depend on positions in the file: a top-level function by
// its name; anything inside a top-level statement by that statement's name, the function's ordinal
// among the functions inside it (pre-order), and its own name (`FeatureFlagsClient/12:flagValue`,
// `adaptFetch/0:=>`). The list (scripts/first-flag-functions.json) is written by
// scripts/list-first-flag-functions.mjs, which records what a fresh process runs in that window on a
// bundle built without this rewrite; keys are computed on that same untransformed code.
import ts from 'typescript';

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);
const isFunctionLike = (node) => FUNCTION_KINDS.has(node.kind);

/** The name a top-level statement gives the functions inside it, or undefined. */
function statementName(statement) {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name !== undefined) return statement.name.text;
  if (ts.isVariableStatement(statement)) {
    const [declaration] = statement.declarationList.declarations;
    if (declaration !== undefined && ts.isIdentifier(declaration.name)) return declaration.name.text;
  }
  return undefined;
}

/** A function's own part of its key. */
function label(node) {
  if (ts.isArrowFunction(node)) return '=>';
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const prefix = ts.isGetAccessor(node) ? 'get ' : ts.isSetAccessor(node) ? 'set ' : '';
  return prefix + (node.name === undefined ? 'function' : node.name.getText());
}

/**
 * Every function of the file with its key, as a Map from node to key.
 * @param {ts.SourceFile} file
 */
export function functionKeys(file) {
  const keys = new Map();
  for (const statement of file.statements) {
    const name = statementName(statement);
    if (name === undefined) continue;
    if (ts.isFunctionDeclaration(statement)) keys.set(statement, name);
    let ordinal = 0;
    const visit = (node) => {
      if (isFunctionLike(node) && node !== statement) keys.set(node, `${name}/${ordinal++}:${label(node)}`);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(statement, visit);
  }
  return keys;
}

/** Whether `node` uses something a `function` would bind differently from an arrow. */
function usesArrowBindings(node) {
  let found = false;
  const visit = (child) => {
    if (found) return;
    switch (child.kind) {
      case ts.SyntaxKind.ThisKeyword:
      case ts.SyntaxKind.SuperKeyword:
        found = true;
        return;
      case ts.SyntaxKind.Identifier:
        if (child.text === 'arguments') found = true;
        return;
      case ts.SyntaxKind.MetaProperty:
        found = true;
        return;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
        return; // these bind their own
      default:
        ts.forEachChild(child, visit);
    }
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Whether a method can become a named function expression: no `super`, and its name not used as a variable inside. */
function movableMethod(node) {
  if (node.name === undefined || !ts.isIdentifier(node.name) || node.body === undefined) return false;
  const name = node.name.text;
  let ok = true;
  const visit = (child) => {
    if (!ok) return;
    if (child.kind === ts.SyntaxKind.SuperKeyword) ok = false;
    else if (ts.isIdentifier(child) && child.text === name) {
      const parent = child.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === child) ||
        ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isPropertyDeclaration(parent)) && parent.name === child);
      if (!isMemberName) ok = false;
    } else ts.forEachChild(child, visit);
  };
  for (const parameter of node.parameters) visit(parameter);
  visit(node.body);
  return ok;
}

/** Members of a class that share one property with `node`: a method alone, or a getter with its setter. */
function samePropertyMembers(node) {
  const name = node.name.getText();
  return node.parent.members.filter(
    (m) => (ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m)) && m.name !== undefined && m.name.getText() === name && isStatic(m) === isStatic(node),
  );
}

/**
 * Whether {@link compileAtImport} can rewrite this function so that it is compiled at load.
 * @param {ts.Node} node a function-like node of a source file
 */
export function canCompileAtImport(node) {
  const parent = node.parent;
  if (ts.isFunctionDeclaration(node)) {
    if (node.name === undefined || node.body === undefined) return false;
    if (ts.isSourceFile(parent)) return !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
    return ts.isBlock(parent) && parent.parent !== undefined && isFunctionLike(parent.parent);
  }
  if (ts.isFunctionExpression(node)) return true;
  if (ts.isArrowFunction(node)) return !usesArrowBindings(node);
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(parent)) return movableMethod(node);
  if ((ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && (ts.isClassDeclaration(parent) || ts.isClassExpression(parent))) {
    if (node.name === undefined || !ts.isIdentifier(node.name)) return false;
    const members = samePropertyMembers(node);
    const twoMethods = members.length > 1 && members.some((m) => ts.isMethodDeclaration(m));
    return !twoMethods && members.every(movableMethod);
  }
  return false;
}

const isStatic = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) === true;
const isAsync = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) === true;

/**
 * @param {string} code a bundle's JavaScript (ESM or CJS), as the minifier wrote it
 * @param {ReadonlySet<string>} names keys of the functions to compile at load (see {@link functionKeys})
 * @returns {{ code: string, found: Set<string> }} the rewritten code, and which keys it held
 */
export function compileAtImport(code, names) {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = new Set();
  const chosen = new Set();
  for (const [node, key] of functionKeys(file)) {
    if (names.has(key) && canCompileAtImport(node)) {
      found.add(key);
      chosen.add(node);
    }
  }
  // Nodes with a chosen function inside them: only these are rebuilt; everything else is copied.
  const touched = new Set();
  for (const node of chosen) for (let at = node; at !== undefined && !touched.has(at); at = at.parent) touched.add(at);

  const start = (node) => node.getStart(file);
  const text = (node) => (touched.has(node) ? rewrite(node) : code.slice(start(node), node.end));
  /** The node's text with its rebuilt children put in. */
  const copy = (node) => {
    let out = '';
    let at = start(node);
    ts.forEachChild(node, (child) => {
      if (!touched.has(child)) return;
      out += code.slice(at, start(child)) + rewrite(child);
      at = child.end;
    });
    return out + code.slice(at, node.end);
  };
  /** The text from `from` to `to` over `items` (statements or members): those in `cut` left out, the others rebuilt where needed. */
  const without = (items, cut, from, to) => {
    let out = '';
    let at = from;
    for (const item of items) {
      if (item.end <= from || !(cut.has(item) || touched.has(item))) continue;
      out += code.slice(at, start(item)) + (cut.has(item) ? '' : rewrite(item));
      at = item.end;
    }
    return out + code.slice(at, to);
  };
  /** `(function name(params) body)` for a function, method or arrow, with its async/generator marks. */
  const expression = (node, name) => {
    const head = `${isAsync(node) ? 'async ' : ''}function${node.asteriskToken === undefined ? '' : '*'}${name === undefined ? ' ' : ` ${name}`}`;
    const params = code.slice(node.parameters.pos, node.parameters.end);
    const body = ts.isBlock(node.body) ? text(node.body) : `{return ${text(node.body)}}`;
    return `(${head}(${params})${body})`;
  };
  function rewrite(node) {
    if (!touched.has(node)) return code.slice(start(node), node.end);
    if (chosen.has(node)) {
      if (ts.isFunctionExpression(node)) return ts.isParenthesizedExpression(node.parent) ? copy(node) : `(${copy(node)})`;
      if (ts.isArrowFunction(node)) return expression(node, undefined);
      if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) return `${node.name.text}:${expression(node, node.name.text)}`;
    }
    if (ts.isBlock(node) && node.parent !== undefined && isFunctionLike(node.parent)) return block(node);
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return classText(node);
    return copy(node);
  }

  /** A function body whose chosen declarations move to its top. */
  function block(node) {
    const moving = node.statements.filter((s) => ts.isFunctionDeclaration(s) && chosen.has(s));
    if (moving.length === 0) return copy(node);
    const open = code.indexOf('{', start(node)) + 1;
    let directives = open;
    for (const s of node.statements) {
      if (!(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression))) break;
      directives = s.end;
    }
    const hoisted = moving.map((s) => `\nvar ${s.name.text} = (${copy(s)});`).join('');
    return code.slice(start(node), directives) + hoisted + without(node.statements, new Set(moving), directives, node.end);
  }

  /** A class whose chosen methods and accessors are installed by static blocks at its top. */
  function classText(node) {
    // A getter and its setter are one property: when either is chosen, both move.
    const moved = new Set();
    for (const member of node.members) if (chosen.has(member) && !ts.isConstructorDeclaration(member)) for (const m of samePropertyMembers(member)) moved.add(m);
    if (moved.size === 0) return copy(node);
    const descriptors = { prototype: [], static: [] };
    const seen = new Set();
    for (const member of node.members) {
      if (!moved.has(member)) continue;
      const name = member.name.text;
      const where = isStatic(member) ? 'static' : 'prototype';
      if (seen.has(`${where} ${name}`)) continue;
      seen.add(`${where} ${name}`);
      if (ts.isMethodDeclaration(member)) descriptors[where].push(`${name}:{value:${expression(member, name)},writable:!0,configurable:!0}`);
      else {
        const parts = samePropertyMembers(member).map((m) => `${ts.isGetAccessor(m) ? 'get' : 'set'}:${expression(m, name)}`);
        descriptors[where].push(`${name}:{${parts.join(',')},configurable:!0}`);
      }
    }
    const open = code.indexOf('{', node.heritageClauses?.at(-1)?.end ?? node.name?.end ?? start(node) + 'class'.length) + 1;
    let out = code.slice(start(node), open);
    if (descriptors.prototype.length > 0) out += `static{Object.defineProperties(this.prototype,{${descriptors.prototype.join(',')}})}`;
    if (descriptors.static.length > 0) out += `static{Object.defineProperties(this,{${descriptors.static.join(',')}})}`;
    return out + without(node.members, moved, open, node.end);
  }

  // The top level: chosen function declarations move to the top, after directives and imports.
  let top = 0;
  for (const statement of file.statements) {
    const isDirective = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
    if (!isDirective && !ts.isImportDeclaration(statement)) break;
    top = statement.end;
  }
  const moving = file.statements.filter((s) => s.end > top && ts.isFunctionDeclaration(s) && chosen.has(s));
  const hoisted = moving.map((s) => `var ${s.name.text} = (${copy(s)});\n`).join('');
  return { code: `${code.slice(0, top)}\n${hoisted}${without(file.statements, new Set(moving), top, code.length)}`, found };
}
