// Build outputs (see README "Build outputs"):
//   dist/browser/vitrine.iife.js   script-tag loader: queue, first view from the shopper snapshot, clicks (outbox); no tfjs
//   dist/browser/vitrine-full.mjs  the full SDK behind the loader (history, model, every API method), imported when it helps
//   dist/browser/vitrine-ml.mjs    ML runtime: model code + the plain JS engine, imported lazily by the loader; tfjs (slim core +
//                                  engine) and each backend are further chunks, imported only when a job needs them
//   dist/browser/vitrine-rec-worker.mjs  recommendation worker (large catalog packs), started beside the ML runtime
//   dist/esm/index.mjs (+ chunks)  npm ESM entry; tfjs and idb stay external (package dependencies)
//   dist/esm/react.mjs             `vitrine/react`; react stays external (peer), the core comes from ./index.mjs
//   dist/cli.mjs                   `vitrine` CLI for Node
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const dependencies = Object.keys(pkg.dependencies ?? {});
const isExternalDep = (id) => dependencies.some((d) => id === d || id.startsWith(`${d}/`));

const ts = () => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, outDir: undefined, noEmitOnError: true }, include: ['src/**/*.ts', 'cli/**/*.ts'] });
// tfjs has `typeof` checks that must survive (see ARCHITECTURE.md); keep names readable in stack traces of the loader.
const minify = () => terser({ compress: { typeofs: false, passes: 2 }, format: { comments: false } });

/** Swaps one source module for another in a build (the loader imports the ML runtime by URL, not by bundling it). */
function swapModule(from, to) {
  const fromAbs = path.join(here, from);
  const toAbs = path.join(here, to);
  return {
    name: 'swap-module',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && resolved.id === fromAbs ? toAbs : null;
    },
  };
}

/**
 * Copies tfjs's WASM binaries next to the browser ML runtime, and the base model
 * (the script tag's default: models/base/ beside the script).
 */
function copyAssets() {
  return {
    name: 'copy-assets',
    generateBundle() {
      for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
        this.emitFile({ type: 'asset', fileName: name, source: readFileSync(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', name)) });
      }
      const base = path.join(here, 'models/base');
      for (const name of readdirSync(base)) this.emitFile({ type: 'asset', fileName: `models/base/${name}`, source: readFileSync(path.join(base, name)) });
    },
  };
}

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/** Readable names for the ML runtime's chunks: the tfjs engine, one per tfjs backend (slim: only the model's kernels), the rest by content. */
function mlChunkName(chunk) {
  const ids = chunk.moduleIds.map((id) => id.split(path.sep).join('/')).join('\n');
  const backend = ['webgpu', 'webgl', 'wasm', 'cpu'].find((b) => ids.includes(`src/model/runtime/tfjs/backends/${b}.ts`));
  if (backend) return `vitrine-ml-backend-${backend}-[hash].mjs`;
  if (ids.includes('src/model/runtime/tfjs/model.ts')) return 'vitrine-ml-tfjs-[hash].mjs';
  if (ids.includes('src/recommend/index.ts')) return 'vitrine-rec-[hash].mjs';
  if (ids.includes('src/recommend/remote.ts')) return 'vitrine-rec-remote-[hash].mjs';
  return 'vitrine-ml-[name]-[hash].mjs';
}

/**
 * Slim tfjs in the browser build: every bare `@tensorflow/tfjs-core` import (ours and the
 * backends') resolves to src/model/runtime/tfjs/core.ts, tfjs-core without the full op set,
 * chained ops, gradients, optimizers and model io; backends register only the model's kernels
 * (src/model/runtime/tfjs/backends/). Parts of tfjs that Vitrine never runs are stubbed (the
 * parity tests on the built files run every backend through them):
 * - the model stores (IndexedDB / localStorage) that tfjs-core's browser platform registers;
 * - the Node platform (a browser build never runs in Node);
 * - the gradient tape (no gradients are computed; tf.grad would throw);
 * - the kernel profiler (only tfjs's debug mode uses it; constructing it stays harmless);
 * - tensor pretty-printing (Tensor.toString gives shape and dtype only);
 * - WebGL's multiply, sum and transpose kernels, which its matrix product calls only for a
 *   shared dimension over 1000 (the engine keeps below that: MAX_SHARED_DIM in tfjs/kernels.ts);
 * - the WASM backend's multi-threaded glue (the backend module turns threads off).
 */
function slimTfjs() {
  const core = path.join(here, 'src/model/runtime/tfjs/core.ts');
  const never = (what) => `() => { throw new Error(${JSON.stringify(`${what} is not part of this build (rollup.config.mjs slimTfjs)`)}); }`;
  const stubs = {
    'tfjs-core/dist/io/indexed_db.js': 'export class BrowserIndexedDB {}\nexport class BrowserIndexedDBManager {}',
    'tfjs-core/dist/io/local_storage.js': 'export class BrowserLocalStorage {}\nexport class BrowserLocalStorageManager {}',
    'tfjs-core/dist/io/model_management.js': 'export const ModelStoreManagerRegistry = { registerManager() {} };',
    'tfjs-core/dist/platforms/platform_node.js': 'export {};',
    'tfjs-core/dist/tape.js': `export const backpropagateGradients = ${never('tfjs gradients')};\nexport const getFilteredNodesXToY = backpropagateGradients;`,
    'tfjs-core/dist/profiler.js': `export class Profiler {}\nProfiler.prototype.profileKernel = Profiler.prototype.logKernelProfile = ${never("tfjs's kernel profiler")};`,
    'tfjs-core/dist/tensor_format.js': 'export const tensorToString = (vals, shape, dtype) => `Tensor [${shape}] ${dtype}`;',
    'tfjs-backend-webgl/dist/kernels/Multiply.js': `export const multiply = ${never('the WebGL multiply kernel')};`,
    'tfjs-backend-webgl/dist/kernels/Sum.js': `export const sum = ${never('the WebGL sum kernel')};`,
    'tfjs-backend-webgl/dist/kernels/Transpose.js': `export const transpose = ${never('the WebGL transpose kernel')};`,
    'tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js': `export default ${never('the multi-threaded WASM backend')};`,
    'tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js': "export const wasmWorkerContents = '';",
  };
  const stubOf = (id) => Object.keys(stubs).find((k) => id.split(path.sep).join('/').endsWith(`@tensorflow/${k}`));
  return {
    name: 'slim-tfjs',
    async resolveId(source, importer, options) {
      if (source === '@tensorflow/tfjs-core') return core;
      if (!importer?.includes('@tensorflow')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const stub = resolved && stubOf(resolved.id);
      return stub ? `\0slim-tfjs:${stub}` : null;
    },
    load: (id) => (id.startsWith('\0slim-tfjs:') ? stubs[id.slice('\0slim-tfjs:'.length)] : null),
  };
}

/**
 * The React bindings import the core from the composition root (src/app/index.ts), which the
 * ESM entry re-exports whole; in the React build that import becomes `./index.mjs`, so the
 * core is not bundled a second time.
 */
function coreAsSibling() {
  const entry = path.join(here, 'src/app/index.ts');
  return {
    name: 'core-as-sibling',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && resolved.id === entry ? { id: './index.mjs', external: true } : null;
    },
  };
}
const isReact = (id) => id === 'react' || id.startsWith('react/');

const target = process.env.TARGET; // optional: build one output only (loader | full | ml | esm | react | cli)
const builds = {
  loader: {
    input: 'src/entries/script-tag.ts',
    output: { file: 'dist/browser/vitrine.iife.js', format: 'iife', name: 'Vitrine', sourcemap: true, plugins: [minify()] },
    plugins: [nodeResolve({ browser: true }), commonjs(), ts()],
    onwarn,
  },
  full: {
    input: 'src/entries/full.ts',
    // the profile widget is a chunk of its own (src/dom/profile.ts imports it on first use)
    output: { dir: 'dist/browser', format: 'es', entryFileNames: 'vitrine-full.mjs', chunkFileNames: 'vitrine-profile-[hash].mjs', sourcemap: true, plugins: [minify()] },
    plugins: [swapModule('src/core/load-runtime.ts', 'src/entries/load-runtime-url.ts'), nodeResolve({ browser: true }), commonjs(), ts()],
    onwarn,
  },
  ml: {
    input: { 'vitrine-ml': 'src/model/runtime/index.ts' },
    output: { dir: 'dist/browser', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: mlChunkName, sourcemap: true, plugins: [minify()] },
    // the entry chunk may export what the tfjs chunks share with it (no facade module, one request less)
    preserveEntrySignatures: 'allow-extension',
    plugins: [slimTfjs(), nodeResolve({ browser: true }), commonjs(), ts(), copyAssets()],
    context: 'globalThis',
    onwarn,
  },
  // the recommendation worker: one file of its own, no imports (src/recommend/worker.ts), started by the rec chunk from beside vitrine-ml.mjs
  worker: {
    input: 'src/recommend/worker.ts',
    output: { file: 'dist/browser/vitrine-rec-worker.mjs', format: 'es', sourcemap: true, plugins: [minify()] },
    plugins: [nodeResolve({ browser: true }), ts()],
    onwarn,
  },
  esm: {
    input: { index: 'src/entries/index.ts' },
    output: { dir: 'dist/esm', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', sourcemap: true },
    external: isExternalDep,
    // no `new URL(…, import.meta.url)` in the npm build: bundlers resolve it statically (Turbopack fails on it)
    plugins: [swapModule('src/model/runtime/beside.ts', 'src/entries/beside-none.ts'), swapModule('src/recommend/spawn.ts', 'src/entries/spawn-none.ts'), nodeResolve({ browser: true }), ts()],
    onwarn,
  },
  react: {
    input: { react: 'src/entries/react.ts' },
    // 'use client': React Server Components frameworks (Next.js app router) treat the bindings as client code
    output: { dir: 'dist/esm', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'react-[hash].mjs', sourcemap: true, banner: "'use client';" },
    external: (id) => isReact(id) || isExternalDep(id),
    plugins: [coreAsSibling(), nodeResolve({ browser: true }), ts()],
    onwarn,
  },
  cli: {
    input: 'cli/index.ts',
    output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node', sourcemap: true },
    external: (id) => id.startsWith('node:') || isExternalDep(id),
    plugins: [nodeResolve({ preferBuiltins: true }), commonjs(), ts()],
    onwarn,
  },
};

export default target ? [builds[target]] : Object.values(builds);
