import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  worker: {
    // The worker is an ES module (Comlink, tfjs); 'es' keeps code-splitting inside it.
    format: 'es',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // tfjs alone is ~1.5 MB minified, all of it in the worker chunk, loaded off the main thread.
    chunkSizeWarningLimit: 4096,
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
