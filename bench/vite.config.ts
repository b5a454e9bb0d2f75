// Builds the bench page (bench/index.html, no React) in production mode into dist-bench/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: benchDir,
  base: './',
  publicDir: false,
  mode: 'production',
  worker: {
    // As in the app: the worker is an ES module (Comlink, tfjs).
    format: 'es',
  },
  build: {
    outDir: fileURLToPath(new URL('../dist-bench', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // tfjs is ~1.5 MB minified, all of it in the worker chunk.
    chunkSizeWarningLimit: 4096,
  },
  preview: { host: '127.0.0.1' },
});
