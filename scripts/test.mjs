#!/usr/bin/env node
// `npm test`: every check, in order: types, lint, Chromium, unit tests (Vitest), the real engines'
// models (Spark MLlib and implicit, in .venv-engines), e2e (Playwright in headless Chromium with
// WebGPU), then the engines opening the app's exports. Ends with one summary line
// "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function engineCounts() {
  const report = JSON.parse(readFileSync(`${ENGINES_DIR}/verify.json`, 'utf8'));
  return { passed: report.passed, failed: report.failed, skipped: 0 };
}

// The real engines: pyspark and implicit, pinned in spark/requirements.txt, in a project-local
// virtual environment made on first use (as ensure-chromium installs Chromium when missing).
const VENV = '.venv-engines';
const VENV_PYTHON = process.platform === 'win32' ? `${VENV}/Scripts/python.exe` : `${VENV}/bin/python`;
const ENGINES_DIR = 'test-reports/engines';
const ENGINE_DATA = process.env.ENGINE_DATA ?? '../shared/data/ml-latest-small';

function ensureEngines() {
  const requirements = readFileSync('spark/requirements.txt', 'utf8');
  const stamp = `${VENV}/requirements.installed.txt`;
  if (existsSync(VENV_PYTHON) && existsSync(stamp) && readFileSync(stamp, 'utf8') === requirements) return true;
  console.log(`\n=== engines: installing pyspark and implicit (spark/requirements.txt) into ${VENV}: first run only, a few minutes`);
  if (!existsSync(VENV_PYTHON) && !run('engines venv', 'python3', ['-m', 'venv', VENV])) return false;
  if (
    !run('engines install', VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'spark/requirements.txt'])
  )
    return false;
  writeFileSync(stamp, requirements);
  return true;
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
  // No import cycles under src/, type-only imports included (ESLint's import/no-cycle skips those).
  run('cycles', 'npx', ['madge', '--circular', '--no-spinner', '--extensions', 'ts,tsx', 'src']) &&
  run('chromium', 'node', ['scripts/ensure-chromium.mjs']);
if (ok) {
  ok = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-reports/vitest.json']);
  add(countsFrom(vitestCounts));
}
// Without ml-latest-small (../shared/data) the engines have nothing to train on: their e2e spec
// skips itself (no prepared.json), and the summary counts it as skipped, saying why here.
rmSync(ENGINES_DIR, { recursive: true, force: true });
const enginesRun = ok && existsSync(`${ENGINE_DATA}/ratings.csv`);
if (ok && !enginesRun) console.log(`\n=== engines: no ${ENGINE_DATA}/ratings.csv: the real-engine checks are skipped`);
if (enginesRun) {
  ok =
    ensureEngines() &&
    run('engines: train Spark ALS and implicit', VENV_PYTHON, [
      'spark/engine_check.py',
      'prepare',
      '--data',
      ENGINE_DATA,
      '--out',
      ENGINES_DIR,
    ]);
}
if (ok) {
  ok = run('e2e', 'npx', ['playwright', 'test'], { ENGINES_DIR, ENGINE_DATA });
  add(countsFrom(playwrightCounts));
}
if (ok && enginesRun) {
  ok = run('engines: open the app exports in Spark and implicit', VENV_PYTHON, ['spark/engine_check.py', 'verify', '--out', ENGINES_DIR]);
  add(countsFrom(engineCounts));
}
if (!ok && totals.failed === 0) totals.failed = 1; // a step that is not a test runner failed
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
