#!/usr/bin/env node
// Makes sure a Chromium is there for the e2e tests. Never downloads a browser build: on a Debian
// machine running as root it installs Debian's `chromium` package; otherwise it says what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found) {
  console.log(`Chromium: ${found}`);
  process.exit(0);
}
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but there is no file there.`);
  process.exit(1);
}
const isDebian = existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isDebian && isRoot) {
  console.log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  const installed = findChromium();
  if (installed) {
    console.log(`Chromium: ${installed}`);
    process.exit(0);
  }
  console.error('apt-get finished but no Chromium executable was found.');
  process.exit(1);
}
console.error(
  isDebian
    ? 'No Chromium found. Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH)'
    : 'No Chromium found. Install Chromium or Chrome, or set CHROMIUM_PATH to its executable.',
);
process.exit(1);
