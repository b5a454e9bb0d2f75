/**
 * What the bench drivers (run-bench.ts, run-import-bench.ts) share: building the bench page,
 * serving it on 127.0.0.1, launching headless Chromium and opening the page with a crash guard,
 * option and report helpers, and a main() with clean-up on exit and on signals.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import type { EpochMetrics, ImportProblem } from '../src/worker/api';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = resolve(REPO_ROOT, 'dist-bench');
/** Relative paths on the command line are relative to where `npm run …` was started. */
export const USER_CWD = process.env.INIT_CWD ?? process.cwd();

/** Steps run in reverse order when a driver ends (close the browser, then the server). */
export type Cleanups = (() => Promise<void>)[];

// ---------------------------------------------------------------------------------------------
// Options

/** A wrong command line: reported with the usage text. */
export class UsageError extends Error {}

/** Usage lines: option, then what it does (with its default), in aligned columns. */
export function table(rows: readonly (readonly [string, string])[]): string {
  return rows.map(([option, text]) => `  ${option.padEnd(33)}${option.length >= 33 ? ' ' : ''}${text}`.trimEnd()).join('\n');
}

export function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function existingFile(flag: string, path: string): string {
  const absolute = resolve(USER_CWD, path);
  if (!isFile(absolute)) throw new Error(`${flag} ${path}: no such file (${absolute})`);
  return absolute;
}

/** A short name for the JSON: the data's folder ("ml-latest-small"), else the file's stem. */
export function datasetName(file: string): string {
  const folder = basename(dirname(file));
  return folder !== '' && folder !== '.' ? folder : basename(file, extname(file));
}

// ---------------------------------------------------------------------------------------------
// Build and serve

export function buildBenchPage(): Promise<void> {
  const viteBin = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((done, fail) => {
    // Vite's output goes to stderr: stdout is kept for the progress lines and the JSON.
    const child = spawn(process.execPath, [viteBin, 'build', '--config', 'bench/vite.config.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2],
    });
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      code === 0 ? done() : fail(new Error(`Building the bench page failed (vite build: ${signal ?? `exit ${code}`})`)),
    );
  });
}

/**
 * Builds the bench page unless `build` is false, checks that dist-bench/ has it, and finds a
 * Chromium: its path.
 */
export async function prepareBenchPage(build: boolean): Promise<string> {
  if (build) await buildBenchPage();
  if (!isFile(resolve(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR}/index.html is missing: run without --no-build first`);
  }
  const executablePath = findChromium();
  if (executablePath === undefined) {
    throw new Error('No Chromium found: set CHROMIUM_PATH, or install one (sudo apt-get install -y chromium)');
  }
  return executablePath;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file server for `root` on 127.0.0.1 (a secure context, as WebGPU needs). */
export function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const fail = (status: number) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${status}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return fail(400);
    }
    const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if (!file.startsWith(root + sep)) return fail(403);
    if (!isFile(file)) return fail(404);
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

// ---------------------------------------------------------------------------------------------
// Browser and page

/** Headless Chromium with the project's flags (scripts/chromium.mjs) and `extraArgs`. */
export function launchBrowser(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

export interface BenchPageSession {
  readonly page: Page;
  /** Races a promise with the page's crash (or its worker's): a call can never hang on a dead tab. */
  guard<T>(promise: Promise<T>): Promise<T>;
}

/**
 * Opens the bench page at `url` in a new page (a new browser context: fresh storage) of
 * `browser`, page errors to stderr, with `setup` run before it loads (e.g. page.exposeFunction),
 * and waits for `window.bench`.
 */
export async function openBenchPage(
  browser: Browser,
  url: string,
  setup: (page: Page) => Promise<void> = async () => undefined,
): Promise<BenchPageSession> {
  const page = await browser.newPage();
  const crashed = watchForCrash(page);
  crashed.catch(() => {}); // raced in guard(); never an unhandled rejection
  const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, crashed]);
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`[page] ${message.text()}\n`);
  });
  await setup(page);
  await guard(page.goto(url));
  // window.bench exists from here on (hence the `window.bench!` in the evaluated functions).
  // Keep those functions one-liners: tsx compiles the drivers keeping function names, which
  // wraps named inner functions (e.g. `{ onEpoch: (m) => … }`) in a `__name` helper the page lacks.
  await guard(page.waitForFunction(() => window.bench !== undefined));
  return { page, guard };
}

/** Rejects when the page or the worker dies, so a call waiting on the worker cannot hang. */
export function watchForCrash(page: Page): Promise<never> {
  return new Promise((_, fail) => {
    page.on('crash', () => fail(new Error('The bench page crashed')));
    page.on('pageerror', (error) => fail(new Error(`Uncaught error in the bench page: ${error.message}`)));
    // Only the recommender worker's end is a crash: the parse workers it starts for a large
    // ratings file and the bench's reference workers end when their work is done.
    page.on('worker', (worker) =>
      worker.on('close', () => {
        if (!page.isClosed() && worker.url().includes('recommender')) fail(new Error('The recommender worker closed unexpectedly'));
      }),
    );
  });
}

export async function recommenderWorker(page: Page): Promise<Worker> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const workers = page.workers();
    const worker = workers.find((w) => w.url().includes('recommender')) ?? (workers.length === 1 ? workers[0] : undefined);
    if (worker) return worker;
    if (Date.now() > deadline) throw new Error('The bench page started no recommender worker within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// Reports

export function formatProblem(problem: ImportProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}, line ${problem.line}`;
  return `${where}: ${problem.message}. Expected ${problem.expected}`;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function epochLine(m: EpochMetrics, of: number): string {
  const perStep = m.steps > 0 ? `${(m.trainMs / m.steps).toFixed(2)} ms/step` : 'no steps';
  return (
    `epoch ${String(m.epoch).padStart(String(of).length)}/${of}  ` +
    `train RMSE ${m.trainRmse.toFixed(4)}  ` +
    (Number.isNaN(m.validationRmse) ? '' : `validation RMSE ${m.validationRmse.toFixed(4)}  `) +
    `test RMSE ${m.testRmse.toFixed(4)}  ` +
    `${(m.durationMs / 1000).toFixed(2)} s  (${m.steps} steps, ${perStep}, lr ${m.learningRate.toPrecision(3)})`
  );
}

// ---------------------------------------------------------------------------------------------
// main()

export interface Driver<Options, Report> {
  /** The prefix of error lines, e.g. "bench". */
  readonly name: string;
  readonly usage: string;
  /** Throws UsageError for a wrong command line (printed with the usage), Error for others. */
  parse(argv: readonly string[]): Options | 'help';
  /** Pushes a clean-up step for everything it starts (browser, server). */
  run(options: Options, cleanups: Cleanups): Promise<Report>;
}

/**
 * Parses the command line, runs the driver and prints its report as one JSON line; cleans up
 * on exit, errors and SIGINT/SIGTERM. The exit status: 0 on success, 1 on any failure.
 */
export async function runDriver<Options, Report>(driver: Driver<Options, Report>): Promise<number> {
  let options: Options | 'help';
  try {
    options = driver.parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) {
      process.stderr.write(`${driver.name}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    process.stderr.write(`${driver.name}: ${error.message}\n\n${driver.usage}\n`);
    return 1;
  }
  if (options === 'help') {
    console.log(driver.usage);
    return 0;
  }

  const cleanups: Cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => {});
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    process.stderr.write(`${driver.name}: ${signal}, closing the browser and server\n`);
    void cleanUp().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const report = await driver.run(options, cleanups);
    console.log(JSON.stringify(report));
    return 0;
  } catch (error) {
    // After a signal, the calls in flight fail because the browser is closing: not news.
    if (!interrupted) process.stderr.write(`${driver.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
