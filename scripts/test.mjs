#!/usr/bin/env node
// `npm test`: every check, in order: types, lint, Chromium, unit tests (Vitest), e2e (Playwright in
// headless Chromium with WebGPU). Ends with one summary line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { installIfNeeded } from './npm-install-if-needed.mjs';

installIfNeeded();
mkdirSync('test-reports', { recursive: true });

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return result.status === 0;
}

/** Counts from a runner's JSON report; none when the runner died before writing it. */
function countsFrom(read) {
  try {
    return read();
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}

function vitestCounts() {
  const report = JSON.parse(readFileSync('test-reports/vitest.json', 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts() {
  const { stats } = JSON.parse(readFileSync('test-reports/playwright.json', 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
function add(counts) {
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}

// Chromium first: the e2e tests need it, and the WebGPU kernel unit tests use its SwiftShader.
let ok =
  run('types', 'npx', ['tsc', '-b']) &&
  run('lint', 'npx', ['eslint', '.', '--max-warnings=0']) &&
  run('format', 'npx', ['prettier', '--check', '.']) &&
  run('chromium', 'node', ['scripts/ensure-chromium.mjs']);
if (ok) {
  ok = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-reports/vitest.json']);
  add(countsFrom(vitestCounts));
}
if (ok) {
  ok = run('e2e', 'npx', ['playwright', 'test']);
  add(countsFrom(playwrightCounts));
}
if (!ok && totals.failed === 0) totals.failed = 1; // a step that is not a test runner failed
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
