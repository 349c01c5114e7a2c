// Builds the page into dist/: the two bundles (page and worker) and the static files.
// `make web` adds the WebAssembly module and Go's wasm_exec.js, which this cannot build.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const common = { bundle: true, minify: true, format: 'iife', target: 'es2020', logLevel: 'warning', legalComments: 'none' };
await esbuild.build({ ...common, entryPoints: ['src/main.js'], outfile: dist + 'main.js' });
await esbuild.build({ ...common, entryPoints: ['src/worker.js'], outfile: dist + 'worker.js' });
for (const f of ['index.html', 'style.css']) cpSync('static/' + f, dist + f);
