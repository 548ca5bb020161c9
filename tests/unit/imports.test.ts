// No import cycles in the tree. A cycle, even a type-only one, says two files
// each own part of the other: the owner of the shared piece is a third file.
// The graph is read with TypeScript's own pre-processor (every `import`,
// `import type`, `export … from` and dynamic `import('…')`), relative
// specifiers resolved to files, and walked for strongly connected parts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../..', import.meta.url).pathname;
const ROOTS = ['server', 'common', 'client/src', 'freeswitch', 'scripts'];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

const files = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) return [];
      if (statSync(path).isDirectory()) return files(path);
      return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
    });

/** A relative specifier as the file it names, or undefined when it leaves the walked tree or names no source file. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((c) => SOURCE.test(c) && existsSync(c) && statSync(c).isFile());
}

function importGraph(paths: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const known = new Set(paths);
  for (const file of paths) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.map((f) => resolveSpecifier(file, f.fileName)).filter((t): t is string => !!t && known.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one file, or a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return found;
}

test('the walker sees a cycle, type-only or not', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.equal(cycles(graph), [['a', 'b', 'c']]);
  assert.equal(cycles(new Map([['a', ['a']]])), [['a']]);
  assert.equal(cycles(new Map([['a', ['b']], ['b', []]])), []);
  const pre = ts.preProcessFile("import type { X } from './x.ts';\nexport { y } from './y.ts';\nexport * from './z';\n", true, true);
  assert.equal(
    pre.importedFiles.map((f) => f.fileName),
    ['./x.ts', './y.ts', './z'],
  );
});

test('no import cycle under server/, common/, client/src/, freeswitch/, scripts/', () => {
  const paths = ROOTS.flatMap((r) => files(join(root, r)));
  assert.ok(paths.length > 100, `walked only ${paths.length} files`);
  const graph = importGraph(paths);
  const found = cycles(graph).map((part) => part.map((f) => relative(root, f)).join(' ↔ '));
  assert.equal(found, [], `import cycles:\n  ${found.join('\n  ')}`);
});

test.run();
