import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * ESLint rule `gridhost/no-import-cycle`: no file may reach itself through its imports. Unlike the usual
 * no-cycle rules, type-only imports count (`import type`, `typeof import()`): a circle of types is still a
 * circle of concerns (HostCore -> HostDeps -> GridServices -> HostCore was one). Only relative imports are
 * followed; packages cannot import us back.
 */

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];
/** file -> { mtimeMs, deps }: a file's resolved relative imports, read again when the file changes. */
const graph = new Map();

function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => resolve(base, `index${ext}`))];
  for (const candidate of candidates) {
    if (EXTENSIONS.some((ext) => candidate.endsWith(ext)) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function depsOf(file) {
  let mtimeMs;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const known = graph.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.deps;
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const deps = [...new Set(info.importedFiles.map((f) => resolveImport(file, f.fileName)).filter((d) => d !== null))];
  graph.set(file, { mtimeMs, deps });
  return deps;
}

/** The shortest import path from `start` back to `target`, or null. */
function pathBack(start, target) {
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const dep of depsOf(file)) {
      if (dep === target) {
        const path = [file];
        for (let p = parent.get(file); p !== null && p !== undefined; p = parent.get(p)) path.unshift(p);
        return path;
      }
      if (!parent.has(dep)) {
        parent.set(dep, file);
        queue.push(dep);
      }
    }
  }
  return null;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import circles, type-only imports included' },
    messages: { cycle: 'Import circle: {{path}}. Move what both sides need into a third module (a port, a shared type).' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      const dep = resolveImport(file, specifier);
      if (!dep) return;
      const back = dep === file ? [] : pathBack(dep, file);
      if (back === null) return;
      const names = [file, ...back, file].map((f) => relative(root, f));
      context.report({ node, messageId: 'cycle', data: { path: names.join(' -> ') } });
    };
    const fromSource = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: fromSource,
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.source?.value),
    };
  },
};

export default { rules: { 'no-import-cycle': noImportCycle } };
