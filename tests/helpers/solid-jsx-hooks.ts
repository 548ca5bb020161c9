// Node module hooks for the component tests (tests/components), registered
// by component-runner.ts. They make Node load the client as the browser
// build does:
//  * .tsx/.jsx files outside node_modules are compiled by Solid's own JSX
//    compiler, babel-preset-solid, with the options vite-plugin-solid uses for
//    the browser (DOM output, no hydration); types are stripped by Babel too.
//    (tsx's esbuild would compile JSX for React's runtime.) The output is
//    kept in node_modules/.cache, keyed by the source and the compilers'
//    versions: Babel's first compile in a process costs about a second.
//  * solid-js resolves to its browser development build: under Node's own
//    conditions it resolves to the server build, which renders to strings.
//    Only solid-js is resolved so; msw/node and the rest keep Node's builds.
//  * A CSS import (`import './fax.css'`) loads as an empty module.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire, type LoadHook, type ResolveHook } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOLID = /^solid-js(?:\/|$)/;
const JSX_FILE = /\.[jt]sx$/;
const require = createRequire(import.meta.url);
const PRESETS = [
  [require.resolve('babel-preset-solid'), { generate: 'dom', hydratable: false }],
  [require.resolve('@babel/preset-typescript'), { isTSX: true, allExtensions: true }],
] as const;
/** What an output depends on besides its source: the compilers' versions and their options. */
const compilers = JSON.stringify([
  ...['@babel/core', 'babel-preset-solid', '@babel/preset-typescript'].map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`),
  PRESETS,
]);
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/solid-jsx-tests/', import.meta.url));

export const resolve: ResolveHook = (specifier, context, next) =>
  SOLID.test(specifier) ? next(specifier, { ...context, conditions: ['browser', 'development', ...context.conditions] }) : next(specifier, context);

export const load: LoadHook = async (url, context, next) => {
  const path = url.startsWith('file:') ? fileURLToPath(url) : '';
  if (path.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
  if (!JSX_FILE.test(path) || path.includes('/node_modules/')) return next(url, context);
  return { format: 'module', source: await compile(path, await readFile(path, 'utf8')), shortCircuit: true };
};

async function compile(path: string, source: string): Promise<string> {
  const key = createHash('sha256').update(`${compilers}\0${path}\0${source}`).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return await readFile(cached, 'utf8');
  } catch {
    // Not compiled yet.
  }
  // Loaded on the first miss only: a run whose files are all cached never loads Babel.
  const { transformAsync } = await import('@babel/core');
  const compiled = await transformAsync(source, {
    filename: path,
    babelrc: false,
    configFile: false,
    sourceMaps: 'inline',
    presets: PRESETS.map(([preset, options]) => [preset, { ...options }]),
  });
  if (!compiled?.code) throw new Error(`babel-preset-solid gave nothing for ${path}`);
  await mkdir(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, compiled.code);
  await rename(partial, cached);
  return compiled.code;
}
