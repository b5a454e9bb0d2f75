import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatErrors } from './error-watch';
import { expect, test } from './fixtures';

// The error watch itself (fixtures.ts): each test makes an error on purpose, checks that the
// watch saw it, with its text and where it came from, and takes it out of the record so the test
// passes. Most run in a tiny page served under the app's origin with the built app's
// Content-Security-Policy, so the app's own state does not decide them.

const testPath = '/e2e-error-watch/';

/** The Content-Security-Policy meta attribute of the built app's index.html, as written there (HTML-escaped). */
async function appPolicy(page: Page): Promise<string> {
  const html = await (await page.request.get('/')).text();
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  expect(policy.replaceAll('&#39;', "'"), 'the built index.html carries a Content-Security-Policy').toContain("worker-src 'self'");
  return policy;
}

/** Opens an empty page under the app's origin and policy; `worker.js` next to it runs `workerScript`. */
async function openTestPage(page: Page, workerScript = '') {
  const policy = await appPolicy(page);
  await page.route(`**${testPath}**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice(testPath.length);
    if (file === 'worker.js') return route.fulfill({ contentType: 'text/javascript', body: workerScript });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}"><title>error watch</title><h1>error watch</h1>`,
    });
  });
  await page.goto(testPath);
}

test('an uncaught error in the page is recorded with its text and location', async ({ page, errors }) => {
  await openTestPage(page);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('page boom');
    });
  });
  const error = await errors.take('uncaught', /page boom/);
  expect(error).toMatchObject({ kind: 'uncaught', source: 'page', pageUrl: expect.stringContaining(testPath) });
  expect(error.text).toMatch(/^Error: page boom\n\s+at /);
  expect(errors.unexpected()).toEqual([]);
});

test('an unhandled promise rejection in the page is recorded', async ({ page, errors }) => {
  await openTestPage(page);
  await page.evaluate(() => {
    void Promise.reject(new Error('page rejection'));
    void Promise.reject('a rejection that is not an Error');
  });
  expect((await errors.take('uncaught', /page rejection/)).text).toContain('Error: page rejection');
  expect((await errors.take('uncaught', /not an Error/)).source).toBe('page');
  expect(errors.unexpected()).toEqual([]);
});

test('a console.error is recorded; one the test allows does not fail it', async ({ page, errors }) => {
  await openTestPage(page);
  errors.allow(/^allowed: /, 'this test logs it on purpose');
  await page.evaluate(() => {
    console.error('allowed: the test says so');
    console.error('not allowed', { code: 42 });
    console.warn('a warning is not an error');
  });
  const error = await errors.take('console.error', /not allowed/);
  expect(error).toMatchObject({ source: 'page', text: 'not allowed {code: 42}' });
  await expect.poll(() => errors.recorded().map((recorded) => recorded.text)).toEqual(['allowed: the test says so']);
  expect(errors.unexpected()).toEqual([]);
});

test("errors inside a Web Worker are recorded, under the app's Content-Security-Policy", async ({ page, errors }) => {
  // A same-origin worker script: worker-src 'self' lets it run.
  await openTestPage(
    page,
    `console.error('worker console boom');
     Promise.reject(new Error('worker rejection'));
     setTimeout(() => { throw new Error('worker boom'); });`,
  );
  await page.evaluate(() => {
    new Worker('worker.js', { name: 'error-watch' });
  });
  const workerUrl = new URL(`${testPath}worker.js`, page.url()).href;
  for (const [kind, pattern] of [
    ['console.error', /^worker console boom$/],
    ['uncaught', /^Error: worker rejection/],
    ['uncaught', /^Error: worker boom/],
  ] as const) {
    const error = await errors.take(kind, pattern);
    expect(error, `${kind} ${pattern}`).toMatchObject({ source: `worker ${workerUrl}`, location: expect.stringContaining(workerUrl) });
  }
  expect(errors.unexpected()).toEqual([]);
});

test('a blob: worker is refused by the CSP, and the refusal is recorded as a console error', async ({ page, errors }) => {
  await openTestPage(page);
  await page.evaluate(() => {
    new Worker(URL.createObjectURL(new Blob(['throw new Error("blob worker boom")'], { type: 'text/javascript' })));
  });
  const refusal = /^Creating a worker from 'blob:.*' violates the following Content Security Policy directive: "worker-src 'self'"/;
  await errors.take('console.error', refusal);
  expect(errors.unexpected()).toEqual([]);
});

test("an error inside the app's own recommender worker is recorded", async ({ page, errors }) => {
  const workerStarted = page.waitForEvent('worker');
  await page.goto('/');
  const worker = await workerStarted;
  await expect(page.getByTestId('backend')).not.toBeEmpty();
  await worker.evaluate(() => {
    void Promise.reject(new Error('app worker rejection'));
    setTimeout(() => {
      throw new Error('app worker boom');
    });
  });
  // Code evaluated from a test has no script URL, so the watch cannot name the worker here (it
  // does for the worker's own code, as above); the text is what shows it arrived.
  expect((await errors.take('uncaught', /app worker rejection/)).text).toMatch(/^Error: app worker rejection/);
  expect((await errors.take('uncaught', /app worker boom/)).text).toMatch(/^Error: app worker boom/);
  // Anything else the app logged or threw on the way stays in the record and fails this test.
});

test('pages of contexts the test makes itself are watched too', async ({ browser, baseURL, errors }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await openTestPage(page);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom in a second context');
    });
  });
  expect((await errors.take('uncaught', /boom in a second context/)).pageUrl).toContain(testPath);
  await context.close();
});

test('an error thrown as the test body ends still fails the test', async ({ page }) => {
  // Marked as failing: if the watch missed the error, this test would pass and be reported.
  test.fail();
  await openTestPage(page);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('the last thing the page did');
    });
  });
});

test('the failure message names each error, where it came from and its text', () => {
  const message = formatErrors([
    {
      kind: 'uncaught',
      source: 'worker http://127.0.0.1:4173/assets/recommender.worker.js',
      text: 'Error: boom\n    at step (http://127.0.0.1:4173/assets/recommender.worker.js:1:200)',
      location: 'http://127.0.0.1:4173/assets/recommender.worker.js:1:200',
      pageUrl: 'http://127.0.0.1:4173/',
    },
    { kind: 'console.error', source: 'page', text: 'Warning: something', location: '', pageUrl: 'http://127.0.0.1:4173/' },
  ]);
  expect(message).toContain('2 unexpected errors');
  expect(message).toContain(
    '1. uncaught (worker http://127.0.0.1:4173/assets/recommender.worker.js, ' +
      'at http://127.0.0.1:4173/assets/recommender.worker.js:1:200, on http://127.0.0.1:4173/)',
  );
  expect(message).toContain('   | Error: boom\n   |     at step (');
  expect(message).toContain('2. console.error (page, on http://127.0.0.1:4173/)\n   | Warning: something');
});

test("every spec takes test and expect from './fixtures', so the watch is on everywhere", () => {
  const dir = import.meta.dirname;
  const specs = readdirSync(dir).filter((name) => name.endsWith('.spec.ts'));
  expect(specs.length).toBeGreaterThan(5);
  for (const name of specs) {
    const source = readFileSync(join(dir, name), 'utf8');
    const fromPlaywright = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@playwright\/test'/g)].map((match) => match[1] ?? '');
    const valueImports = fromPlaywright
      .flatMap((names) => names.split(',').map((part) => part.trim()))
      .filter((part) => part && !part.startsWith('type '));
    expect(valueImports, `${name} imports from @playwright/test`).toEqual([]);
    expect(source, `${name} imports test from ./fixtures`).toMatch(/import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'\.\/fixtures'/);
  }
});
