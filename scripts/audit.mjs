// npm run audit: Lighthouse (pinned, 12.2.3) on the built app, served locally with compression
// as any host would, in both presets. Gates: accessibility 100 and best practices 100 in each,
// performance ≥ 90 on mobile and ≥ 98 on desktop (the median of several runs: one Lighthouse
// run's performance score moves by a few points on a busy machine). Reports go to
// test-reports/lighthouse/. A speed check, so it is not part of `npm test`.
//
//   npm run audit                      build, then 3 runs per preset
//   npm run audit -- --runs 5 --no-build
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import compression from 'compression';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import serveHandler from 'serve-handler';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const GATES = {
  mobile: { performance: 90, accessibility: 100, 'best-practices': 100 },
  desktop: { performance: 98, accessibility: 100, 'best-practices': 100 },
};
const CATEGORIES = Object.keys(GATES.mobile);
const REPORT_DIR = 'test-reports/lighthouse';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'no-build': { type: 'boolean', default: false } },
});
const runs = Math.max(1, Number(args.runs));

if (!args['no-build']) {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The pieces `npx serve` is made of (serve-handler behind the compression middleware): gzip on
// the fly, as a static host does, with the build's hashed assets cacheable for a year.
const compress = compression();
const server = createServer((request, response) => {
  compress(request, response, () => {
    void serveHandler(request, response, {
      public: 'dist',
      headers: [{ source: 'assets/**', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] }],
    });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const chromePath = findChromium();
if (!chromePath) {
  console.error('No Chromium found: install Debian chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
mkdirSync(REPORT_DIR, { recursive: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

let failed = false;
const summary = {};
try {
  for (const preset of /** @type {const} */ (['mobile', 'desktop'])) {
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
    let worst;
    for (let run = 1; run <= runs; run++) {
      const result = await lighthouse(
        url,
        { port: chrome.port, output: ['html', 'json'], onlyCategories: CATEGORIES, logLevel: 'error' },
        preset === 'desktop' ? desktopConfig : undefined,
      );
      if (!result) throw new Error('Lighthouse returned no result');
      const { lhr, report } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const c of CATEGORIES) scores[c].push(Math.round((lhr.categories[c]?.score ?? 0) * 100));
      const [html, json] = /** @type {string[]} */ (report);
      writeFileSync(join(REPORT_DIR, `${preset}-${run}.html`), html);
      writeFileSync(join(REPORT_DIR, `${preset}-${run}.json`), json);
      const tbt = lhr.audits['total-blocking-time']?.numericValue ?? 0;
      if (!worst || tbt > worst.tbt) worst = { tbt, lhr };
      console.log(
        `${preset} run ${run}: ${CATEGORIES.map((c) => `${c} ${scores[c].at(-1)}`).join(', ')}; ` +
          ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'cumulative-layout-shift']
            .map((id) => `${id} ${lhr.audits[id]?.displayValue ?? '?'}`)
            .join(', '),
      );
    }
    summary[preset] = {};
    for (const c of CATEGORIES) {
      const score = median(scores[c]);
      summary[preset][c] = { median: score, runs: scores[c], gate: GATES[preset][c] };
      if (score < GATES[preset][c]) failed = true;
    }
    // What keeps a score under its gate, named: the failing audits of the worst run.
    if (worst)
      for (const c of CATEGORIES.filter((c) => summary[preset][c].median < GATES[preset][c])) {
        const refs = worst.lhr.categories[c]?.auditRefs ?? [];
        for (const ref of refs) {
          const audit = worst.lhr.audits[ref.id];
          if (audit && audit.score !== null && audit.score < 1 && ref.weight > 0)
            console.log(`  ${preset} ${c}: ${audit.id} (${audit.displayValue ?? audit.score}) ${audit.title}`);
        }
      }
  }
} finally {
  await chrome.kill();
  server.close();
}

writeFileSync(join(REPORT_DIR, 'summary.json'), `${JSON.stringify({ url, runs, chromePath, summary }, null, 2)}\n`);
console.log('\npreset   ' + CATEGORIES.map((c) => c.padEnd(16)).join(''));
for (const [preset, byCategory] of Object.entries(summary))
  console.log(preset.padEnd(9) + CATEGORIES.map((c) => `${byCategory[c].median} (≥ ${byCategory[c].gate})`.padEnd(16)).join(''));
if (failed) {
  console.error('\nLighthouse: a score is under its gate (see above and test-reports/lighthouse/).');
  process.exit(1);
}
