#!/usr/bin/env node
// `npm start`: install if needed, build the app and serve the production build locally.
import { spawnSync } from 'node:child_process';
import { installIfNeeded } from './npm-install-if-needed.mjs';

installIfNeeded();
const run = (args) => {
  const result = spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['vite', 'build', '--logLevel', 'warn']);
const port = process.env.PORT ?? '4173';
console.log(`\nMovie recommender: open http://localhost:${port}/ and press "Try it with demo data".\n`);
run(['vite', 'preview', '--strictPort', '--port', port]);
