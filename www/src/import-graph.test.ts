// No import circle in www/src: the modules form a graph by their relative imports (type-only ones
// too: a shared type in the module that dispatches to its users is how the circles began), and that
// graph has no cycle.
import { describe, expect, it } from 'vitest';

const SOURCES = import.meta.glob<string>(['./**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true });

/** The relative specifiers a module imports or re-exports, static or dynamic (not `new URL` workers: they are entries). */
export function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*'(\.[^']*)'/g, /\bimport\s*'(\.[^']*)'/g, /\bimport\(\s*'(\.[^']*)'\s*\)/g];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

/** `./workers/client.ts` importing `../wasm/protocol` → `./wasm/protocol.ts`; null for what is not a module here (json, css). */
export function resolve(from: string, specifier: string, modules: ReadonlySet<string>): string | null {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const path = parts.join('/');
  return [path, `${path}.ts`, `${path}/index.ts`].find((candidate) => modules.has(candidate)) ?? null;
}

/** Each module's imports among the modules. */
export function importGraph(sources: Readonly<Record<string, string>>): Map<string, string[]> {
  const modules = new Set(Object.keys(sources));
  const graph = new Map<string, string[]>();
  for (const [path, code] of Object.entries(sources)) {
    const targets = specifiers(code).flatMap((specifier) => resolve(path, specifier, modules) ?? []);
    graph.set(path, [...new Set(targets)]);
  }
  return graph;
}

/** A cycle as the modules along it (the first repeated at the end), or null. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle !== null) return cycle;
  }
  return null;
}

describe('the import graph of www/src', () => {
  it('has no cycle', () => {
    const graph = importGraph(SOURCES);
    expect(graph.get('./session/page.ts')?.length ?? 0, 'the reader sees the page import its panels').toBeGreaterThan(10);
    expect(findCycle(graph)?.join(' → ') ?? null).toBeNull();
  });

  it('is read from every kind of import, and a cycle is found', () => {
    const sources = {
      './a.ts': "import type { B } from './b';\nexport { c } from './c';",
      './b.ts': "import {\n  c,\n} from './c';\nimport './style.css';",
      './c.ts': "const later = () => import('./e/d');",
      './e/d.ts': "import data from '../data.json';",
    };
    const graph = importGraph(sources);
    expect(Object.fromEntries(graph)).toEqual({ './a.ts': ['./b.ts', './c.ts'], './b.ts': ['./c.ts'], './c.ts': ['./e/d.ts'], './e/d.ts': [] });
    expect(findCycle(graph)).toBeNull();
    const circle = importGraph({ ...sources, './e/d.ts': "import { a } from '../a';" });
    expect(findCycle(circle)).toEqual(['./a.ts', './b.ts', './c.ts', './e/d.ts', './a.ts']);
  });
});
