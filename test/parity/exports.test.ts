// Names the type test cannot enumerate: every named export of every posthog-node entry, types
// included, read with the TypeScript compiler, must be exported by the same posthog-ts entry (or be
// on the exception list); every posthog-node entry must be in the exports map; the migration guide
// must print the exception list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { PARITY_EXCEPTIONS, type ParityExceptionEntry } from './exceptions.js';

const root = process.cwd();
const nodeDist = join(root, 'node_modules', 'posthog-node', 'dist');

/** posthog-node entry → its declaration file and posthog-ts's source of the same entry. */
const ENTRIES: Record<string, { theirs: string; ours: string }> = {
  '.': { theirs: join(nodeDist, 'entrypoints', 'index.node.d.ts'), ours: join(root, 'src', 'index.ts') },
  './edge': { theirs: join(nodeDist, 'entrypoints', 'index.edge.d.ts'), ours: join(root, 'src', 'edge.ts') },
  './nestjs': { theirs: join(nodeDist, 'entrypoints', 'nestjs.d.ts'), ours: join(root, 'src', 'nestjs.ts') },
  './otel': { theirs: join(nodeDist, 'entrypoints', 'otel.d.ts'), ours: join(root, 'src', 'otel.ts') },
  './experimental': { theirs: join(nodeDist, 'experimental.d.ts'), ours: join(root, 'src', 'experimental.ts') },
};

/** Every export name of each file, types and values alike. */
function exportNames(files: string[]): Map<string, Set<string>> {
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const names = new Map<string, Set<string>>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    assert.ok(source, `cannot read ${file}`);
    const symbol = checker.getSymbolAtLocation(source);
    names.set(file, new Set(symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name)));
  }
  return names;
}

describe('exports and entries of posthog-node 5.x', () => {
  const entries: readonly ParityExceptionEntry[] = PARITY_EXCEPTIONS;
  const excepted = new Set(entries.filter((e) => e.kind === 'export' || e.kind === 'entry export').map((e) => e.name));
  const files = Object.values(ENTRIES).flatMap((e) => [e.theirs, e.ours]);
  const names = exportNames(files);

  for (const [entry, { theirs, ours }] of Object.entries(ENTRIES)) {
    it(`posthog-ts's ${entry} exports every name posthog-node's ${entry} does (types too)`, () => {
      const mine = names.get(ours) ?? new Set();
      const missing = [...(names.get(theirs) ?? [])].filter((name) => !mine.has(name) && !excepted.has(name));
      assert.deepEqual(missing, [], `missing from ${entry}`);
    });
  }

  it("every posthog-node entry is in posthog-ts's exports map", () => {
    const require = createRequire(import.meta.url);
    const theirs = Object.keys(require(join(root, 'node_modules', 'posthog-node', 'package.json')).exports);
    const ours = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports);
    assert.deepEqual(theirs.filter((entry) => !ours.includes(entry)), []);
  });

  it('the migration guide names every member and option of posthog-node', () => {
    const program = ts.createProgram([ENTRIES['.'].theirs], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true, types: [] });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(ENTRIES['.'].theirs) as ts.SourceFile) as ts.Symbol;
    const exported = (name: string) => checker.getExportsOfModule(module).find((s) => s.name === name) as ts.Symbol;
    const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
    const client = resolve(exported('PostHog'));
    const instance = checker.getDeclaredTypeOfSymbol(client);
    const isPublic = (p: ts.Symbol) => !(p.declarations ?? []).some((d) => (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0);
    const members = checker.getPropertiesOfType(instance).filter(isPublic).map((p) => p.name);
    const options = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(resolve(exported('PostHogOptions')))).map((p) => p.name);
    assert.ok(members.length > 60 && options.length > 50, `read ${members.length} members and ${options.length} options`);
    const guide = readFileSync(join(root, 'docs', 'migrating-from-posthog-node.md'), 'utf8');
    assert.deepEqual(members.filter((name) => !guide.includes(`\`${name}\``)), [], 'members missing from the guide');
    assert.deepEqual(options.filter((name) => !guide.includes(`\`${name}\``)), [], 'options missing from the guide');
  });

  it('the migration guide prints every exception with its reason', () => {
    const guide = readFileSync(join(root, 'docs', 'migrating-from-posthog-node.md'), 'utf8');
    for (const exception of PARITY_EXCEPTIONS) {
      assert.ok(guide.includes(`\`${exception.name}\``), `the guide does not name ${exception.name}`);
      assert.ok(guide.includes(exception.reason), `the guide does not give the reason for ${exception.name}: ${exception.reason}`);
    }
  });
});
