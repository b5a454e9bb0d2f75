/**
 * The README and docs/ link to each other, to pictures and to source files: every relative link
 * must reach a file, and every #anchor a heading of that file (GitHub's slugs), so that moving a
 * section never leaves a dead link behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown file's headings (outside code blocks), duplicates numbered -1, -2. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** Relative links and images of a markdown text, outside code blocks and inline code. */
export function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

/** Each link of `file` that does not reach a file, or a heading of it, as "file: link (why)". */
function brokenLinks(file: string, markdown = readFileSync(join(root, file), 'utf8')): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(markdown)) {
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? join(root, file) : resolve(join(root, dirname(file)), decodeURI(path));
    if (!existsSync(target)) broken.push(`${file}: ${link} (no ${relative(root, target)})`);
    else if (anchor !== undefined && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor))
      broken.push(`${file}: ${link} (no heading #${anchor} in ${relative(root, target)})`);
  }
  return broken;
}

describe('links in the README and docs/', () => {
  it('finds headings and links as GitHub does', () => {
    expect([...anchors('# A b\n## Ranking: the picks, come!\n```\n# not a heading\n```\n## A b')]).toEqual([
      'a-b',
      'ranking-the-picks-come',
      'a-b-1',
    ]);
    expect(relativeLinks('[x](docs/a.md#b) ![p](s.png) [w](https://x.org) `[c](no.md)`')).toEqual(['docs/a.md#b', 's.png']);
  });

  it('sees a missing file and a missing heading, relative to the linking file', () => {
    const text = '[a](nope.md) [b](models.md#no-such-heading) [c](models.md#models-and-training) ![d](screenshots/wide-light.png)';
    expect(brokenLinks('docs/guide.md', text)).toEqual([
      'docs/guide.md: nope.md (no docs/nope.md)',
      'docs/guide.md: models.md#no-such-heading (no heading #no-such-heading in docs/models.md)',
    ]);
  });

  it.each(documents)('every relative link of %s reaches its file and heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});
