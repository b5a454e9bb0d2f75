/**
 * What a person waits for, measured the way they meet it: `npm run bench:first-picks -- [options]`
 * builds the app (vite build, as `npm start` serves it), opens it in headless Chromium with
 * WebGPU, and times, from the click to what appears on screen:
 *   - demo: *Try it with demo data* → the first Top pick listed, and → the final list (training done);
 *   - files: MovieLens files loaded, *Train* with the defaults, user 1 typed as soon as the User
 *     field opens → user 1's first Top pick, and → the final list.
 * Each run is a fresh browser context (nothing restored from an earlier run's storage). The page's
 * own clock (performance.now) dates the click and every change of the list (e2e/picks-timeline.ts).
 * Prints one line per run and, last, one JSON object with every run and the medians.
 */
import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { picksTimeline, recordPicksTimeline, type PicksSnapshot } from '../e2e/picks-timeline';
import { findChromium } from '../scripts/chromium.mjs';
import {
  REPO_ROOT,
  UsageError,
  closeServer,
  existingFile,
  integer,
  launchBrowser,
  median,
  round,
  runDriver,
  serve,
  table,
  type Cleanups,
} from './harness';

const DATA_DIR = resolve(REPO_ROOT, '../shared/data/ml-latest-small');
const APP_DIR = resolve(REPO_ROOT, 'dist');
/** A default training on ml-latest-small takes a couple of minutes here; the demo well under one. */
const FINAL_TIMEOUT_MS = 15 * 60_000;

const USAGE = `Usage: npm run bench:first-picks -- [options]

Times the built app in headless Chromium from a click to the picks on screen (medians of --runs):
${table([
  ['--path demo|files|both', 'Try it with demo data, or MovieLens files + Train [both]'],
  ['--ratings F --movies F', 'the files of the files path [../shared/data/ml-latest-small]'],
  ['--runs N', 'runs of each path, 1-20 [3]'],
  ['--until first-picks|done', 'stop each run at its first picks, or wait for the final list [done]'],
  ['--no-build', 'reuse dist/ instead of building the app'],
  ['-h, --help', 'this text'],
])}

Last line: {"demo":{"firstPicksS":[..],"medianFirstPicksS","finalS":[..],"medianFinalS"},"files":{..}}`;

interface Options {
  readonly paths: readonly ('demo' | 'files')[];
  readonly ratings: string;
  readonly movies: string;
  readonly runs: number;
  readonly untilDone: boolean;
  readonly build: boolean;
}

interface PathReport {
  readonly firstPicksS: number[];
  readonly medianFirstPicksS: number | null;
  readonly finalS: number[];
  readonly medianFinalS: number | null;
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        path: { type: 'string' },
        ratings: { type: 'string' },
        movies: { type: 'string' },
        runs: { type: 'string' },
        until: { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const path = values.path ?? 'both';
  if (!['demo', 'files', 'both'].includes(path)) throw new UsageError(`--path must be demo, files or both, not "${path}"`);
  const until = values.until ?? 'done';
  if (!['first-picks', 'done'].includes(until)) throw new UsageError(`--until must be first-picks or done, not "${until}"`);
  const paths = path === 'both' ? (['demo', 'files'] as const) : ([path] as ['demo' | 'files']);
  return {
    paths,
    ratings: paths.includes('files') ? existingFile('--ratings', values.ratings ?? resolve(DATA_DIR, 'ratings.csv')) : '',
    movies: paths.includes('files') ? existingFile('--movies', values.movies ?? resolve(DATA_DIR, 'movies.csv')) : '',
    runs: integer('--runs', values.runs, 1, 20) ?? 3,
    untilDone: until === 'done',
    build: !values['no-build'],
  };
}

function buildApp(): Promise<void> {
  const viteBin = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [viteBin, 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build failed (exit ${code})`))));
  });
}

/** Seconds from the snapshot of `click` to the first one after it that `reached` accepts. */
function secondsTo(timeline: readonly PicksSnapshot[], click: string, reached: (s: PicksSnapshot) => boolean): number | undefined {
  const clicked = timeline.findIndex((s) => s.click === click);
  if (clicked < 0) return undefined;
  const at = timeline.slice(clicked + 1).find(reached);
  return at && (at.at - timeline[clicked]!.at) / 1000;
}

async function oneRun(browser: Browser, url: string, path: 'demo' | 'files', options: Options): Promise<{ first: number; final?: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page: Page = await context.newPage();
    await recordPicksTimeline(page);
    await page.goto(url);
    // The page is ready as a person finds it: the backend chosen, the first button there.
    await page
      .getByTestId('backend')
      .filter({ hasText: /webgpu|webgl|cpu/ })
      .waitFor();
    let click: string;
    if (path === 'demo') {
      click = 'try-demo';
      await page.getByTestId('try-demo').click();
    } else {
      await page.getByTestId('file-input').setInputFiles([options.movies, options.ratings]);
      await page.getByTestId('dataset-summary').waitFor();
      click = 'train';
      await page.getByTestId('train').click();
      // The person types user 1 as soon as the field opens.
      const user = page.getByLabel('User');
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid=user-select]') as HTMLInputElement | null)?.disabled,
        undefined,
        {
          timeout: FINAL_TIMEOUT_MS,
          polling: 50,
        },
      );
      await user.fill('1');
    }
    await page.getByTestId('top-picks').getByTestId('pick').first().waitFor({ timeout: FINAL_TIMEOUT_MS });
    if (options.untilDone) {
      await page
        .locator('[data-testid=training-status][data-state=done]')
        .waitFor({ timeout: FINAL_TIMEOUT_MS })
        .catch(() => undefined);
    }
    const timeline = await picksTimeline(page);
    const first = secondsTo(timeline, click, (s) => s.picks > 0);
    if (first === undefined) throw new Error(`${path}: no pick was listed after the click`);
    const final = options.untilDone ? secondsTo(timeline, click, (s) => s.status === 'done' && s.picks > 0) : undefined;
    return { first, ...(final !== undefined && { final }) };
  } finally {
    await context.close();
  }
}

async function run(options: Options, cleanups: Cleanups): Promise<Record<string, PathReport>> {
  if (options.build) await buildApp();
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: set CHROMIUM_PATH, or install one (sudo apt-get install -y chromium)');
  const { server, url } = await serve(APP_DIR);
  cleanups.push(() => closeServer(server));
  const browser = await launchBrowser(executablePath);
  cleanups.push(() => browser.close());
  const report: Record<string, PathReport> = {};
  for (const path of options.paths) {
    const firsts: number[] = [];
    const finals: number[] = [];
    for (let i = 1; i <= options.runs; i++) {
      const { first, final } = await oneRun(browser, url, path, options);
      firsts.push(round(first, 2));
      if (final !== undefined) finals.push(round(final, 2));
      console.log(
        `${path} run ${i}: first pick ${first.toFixed(2)} s after the click${final !== undefined ? `, final list ${final.toFixed(2)} s` : ''}`,
      );
    }
    const medianFirst = median(firsts);
    const medianFinal = median(finals);
    report[path] = {
      firstPicksS: firsts,
      medianFirstPicksS: medianFirst === null ? null : round(medianFirst, 2),
      finalS: finals,
      medianFinalS: medianFinal === null ? null : round(medianFinal, 2),
    };
  }
  return report;
}

process.exitCode = await runDriver({ name: 'bench:first-picks', usage: USAGE, parse: parseOptions, run });
