import Module from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StreamlabError } from '../errors.js';
import type { Solver } from './definition.js';

/** A reference solution is missing or does not load. */
export class SolutionNotFoundError extends StreamlabError {}

/** Where reference solutions live: `STREAMLAB_SOLUTIONS_DIR`, else notebooks/solutions of this repository. */
export function solutionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STREAMLAB_SOLUTIONS_DIR ?? resolve(__dirname, '../../../notebooks/solutions');
}

const loaded = new Map<string, Record<string, Solver>>();

/**
 * The reference solution of exercise `id` from `<dir>/<notebook>.ts`, whose `solutions` export maps
 * exercise ids to functions. The file is TypeScript, transpiled on load with the project's compiler.
 */
export function loadReferenceSolution(notebook: string, id: string, dir = solutionsDir()): Solver {
  const file = join(dir, `${notebook}.ts`);
  let solutions = loaded.get(file);
  if (!solutions) {
    if (!existsSync(file)) throw new SolutionNotFoundError(`no reference solutions at ${file}`, { hint: `write ${notebook}.ts beside the notebooks, exporting const solutions = { '${id}': ... }` });
    solutions = (requireTypeScript(file) as { solutions?: Record<string, Solver> }).solutions ?? {};
    loaded.set(file, solutions);
  }
  const solution = solutions[id];
  if (typeof solution !== 'function') throw new SolutionNotFoundError(`${file} has no solution for exercise "${id}"`, { hint: `add '${id}': (...) => ... to its solutions export` });
  return solution;
}

/** Loads a TypeScript file as a CommonJS module, resolving its imports from its own folder. */
function requireTypeScript(file: string): unknown {
  // The compiler is a development dependency: needed only when reference solutions run (CI, tests).
  const ts = require('typescript') as typeof import('typescript');
  const output = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const module = new Module(file) as Module & { _compile(code: string, filename: string): void; paths: string[]; filename: string };
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(file));
  module._compile(output.outputText, file);
  return module.exports;
}
