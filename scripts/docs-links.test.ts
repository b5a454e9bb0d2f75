/**
 * The README and docs/ link to each other, to pictures and to source files: every relative link
 * must reach a file, and every #anchor a heading of that file (GitHub's slugs), so that moving a
 * section never leaves a dead link behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** A fence line (``` or ~~~, up to three spaces in) opens or closes a code block. */
const FENCE = /^ {0,3}(```|~~~)/;

/** The text of a markdown line with its code blocks blanked out, line for line. */
function outsideCode(markdown: string): string[] {
  let inCode = false;
  return markdown.split('\n').map((line) => {
    if (FENCE.test(line)) {
      inCode = !inCode;
      return '';
    }
    return inCode ? '' : line;
  });
}

/**
 * GitHub's anchor for a heading: the text as rendered (inline code, emphasis and link markup
 * gone), lower case, every character but letters, marks, digits, `_`, `-` and spaces dropped,
 * each space a hyphen.
 */
export function slug(heading: string): string {
  return heading
    .trim()
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split('`')
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/\*+|(?<!\w)_+|_+(?!\w)/g, '')))
    .join('')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown file's headings (outside code blocks), duplicates numbered -1, -2. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of outsideCode(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** Relative links and images of a markdown text (inline and reference definitions), outside code. */
export function relativeLinks(markdown: string): string[] {
  const text = outsideCode(markdown)
    .join('\n')
    .replace(/`[^`\n]*`/g, '');
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)];
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s+<?([^\s>]+)>?/gm)];
  return [...inline, ...definitions]
    .map((match) => match[1] ?? '')
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Each link of `file` that does not reach a file, or a heading of it, as "file: link (why)". */
function brokenLinks(file: string, markdown = readFileSync(join(root, file), 'utf8')): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(markdown)) {
    const hash = link.indexOf('#');
    const path = hash < 0 ? link : link.slice(0, hash);
    const anchor = hash < 0 ? undefined : decodeURIComponent(link.slice(hash + 1));
    const target = path === '' ? join(root, file) : resolve(join(root, dirname(file)), decodeURI(path));
    if (!existsSync(target)) broken.push(`${file}: ${link} (no ${relative(root, target)})`);
    else if (anchor !== undefined && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor))
      broken.push(`${file}: ${link} (no heading #${anchor} in ${relative(root, target)})`);
  }
  return broken;
}

describe('links in the README and docs/', () => {
  it('finds headings as GitHub names them', () => {
    const markdown = [
      '# A b',
      '## Ranking: the picks, come!',
      '```',
      '# not a heading',
      '```',
      '## A b',
      '### `npm run bench:import` and *Try it* ##',
      '## snake_case and _emphasis_ in [a link](x.md)',
      '## A b',
      '#not a heading',
    ].join('\n');
    expect([...anchors(markdown)]).toEqual([
      'a-b',
      'ranking-the-picks-come',
      'a-b-1',
      'npm-run-benchimport-and-try-it',
      'snake_case-and-emphasis-in-a-link',
      'a-b-2',
    ]);
    expect(slug('Page load: Lighthouse')).toBe('page-load-lighthouse');
    expect(slug('`__init__` and __strong__ Ärger 1.5×')).toBe('__init__-and-strong-ärger-15');
    expect(slug('What the app guarantees, and how it is tested')).toBe('what-the-app-guarantees-and-how-it-is-tested');
  });

  it('finds relative links and images, not web links or code', () => {
    const markdown = [
      '[x](docs/a.md#b) ![p](s.png "title") [w](https://x.org) [m](mailto:a@b.org) `[c](no.md)`',
      '```',
      '[in code](code.md)',
      '```',
      '[ref]: ../src/x.ts',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual(['docs/a.md#b', 's.png', '../src/x.ts']);
  });

  it('sees a missing file and a missing heading, relative to the linking file', () => {
    const text =
      '[a](nope.md) [b](models.md#no-such-heading) [c](models.md#models-and-training) ![d](screenshots/wide-light.png) [e](#data) [f](#nowhere) [g](../src/main.tsx)';
    expect(brokenLinks('docs/guide.md', text)).toEqual([
      'docs/guide.md: nope.md (no docs/nope.md)',
      'docs/guide.md: models.md#no-such-heading (no heading #no-such-heading in docs/models.md)',
      'docs/guide.md: #nowhere (no heading #nowhere in docs/guide.md)',
    ]);
  });

  it.each(documents)('every relative link of %s reaches its file and heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});
