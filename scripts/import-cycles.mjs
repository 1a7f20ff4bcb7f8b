// Import cycles among our own modules: `node scripts/import-cycles.mjs web/src src` prints each cycle, exits 1 if any.
// Reads import/export-from lines and dynamic import('…') of relative paths; `import type` edges are marked (type).
import fs from 'node:fs';
import path from 'node:path';

const EXTS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];
const roots = process.argv.slice(2);
if (!roots.length) roots.push('web/src', 'src');

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return EXTS.includes(path.extname(e.name)) ? [p] : [];
  });
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, ...EXTS.map((x) => base + x), ...EXTS.map((x) => path.join(base, 'index' + x))];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** Relative imports of a file: [target, typeOnly]. Comments are dropped first so commented-out imports do not count. */
function importsOf(file) {
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const out = [];
  const add = (spec, typeOnly) => {
    if (!spec.startsWith('.')) return;
    const target = resolve(file, spec);
    if (target) out.push([target, typeOnly]);
  };
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const namesAllTypes =
      /^\{[^}]*\}$/.test(m[3]) &&
      m[3]
        .slice(1, -1)
        .split(',')
        .every((n) => !n.trim() || /^type\s/.test(n.trim()));
    add(m[4], Boolean(m[2]) || namesAllTypes);
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) add(m[1], false);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1], false);
  return out;
}

const files = roots.flatMap((r) => sourceFiles(r).map((f) => path.resolve(f)));
const graph = new Map(files.map((f) => [f, importsOf(f)]));

// Tarjan's strongly connected components: every component of two or more files (or a self-import) holds a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function connect(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const [w] of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!idx.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? []).some(([t]) => t === v)) components.push(comp);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

const rel = (f) => path.relative(process.cwd(), f);
for (const comp of components) {
  const inComp = new Set(comp);
  console.log(`cycle among ${comp.length} files:`);
  for (const f of comp.sort())
    for (const [t, typeOnly] of graph.get(f)) if (inComp.has(t)) console.log(`  ${rel(f)} -> ${rel(t)}${typeOnly ? ' (type)' : ''}`);
}
console.log(components.length ? `${components.length} cycle group(s)` : `no import cycles in ${roots.join(', ')}`);
process.exit(components.length ? 1 : 0);
