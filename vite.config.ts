import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The Content-Security-Policy of the built app: only its own scripts and workers (no eval, no
 * inline script), no connection anywhere but its own origin, nothing embeddable. Added at build
 * time only: the dev server needs an inline script for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    // An installable app that works offline after one visit: a Workbox service worker precaches
    // the built page, its worker chunks (tfjs included) and the icon. Registered by a file
    // (registerSW.js), not an inline script, so the CSP stays as it is.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: 'Movie recommender',
        short_name: 'Recommender',
        description: 'Train a movie recommender on your own GPU, in your browser. Nothing leaves your machine.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f4f6fa',
        theme_color: '#3867d6',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        // The worker chunk with tfjs is ~2 MB; the default limit (2 MiB) would leave it out.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
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
