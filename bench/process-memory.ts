/**
 * Resident memory of a process tree, from Linux's /proc: finds the browser Playwright launched
 * (a new child of this Node process) and samples VmRSS of it and all its descendants.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** True where /proc can be read (Linux). */
export function procAvailable(): boolean {
  return existsSync('/proc/self/status');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined; // the process has exited
  }
}

/** Parent pid from /proc/PID/stat ("pid (comm) state ppid …"; comm may hold spaces and parens). */
function parentPid(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Pids whose parent is `parent`. */
export function childPids(parent: number): number[] {
  return allPids().filter((pid) => parentPid(pid) === parent);
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const ppid = parentPid(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** VmRSS in bytes, or undefined once the process has gone. */
export function residentBytes(pid: number): number | undefined {
  const status = readText(`/proc/${pid}/status`);
  const match = status === undefined ? null : /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * The command line as one string, arguments separated by spaces ('' once the process has gone).
 * Chromium's zygote-forked children rewrite theirs as one space-separated string, so /proc's NUL
 * separators cannot be relied on.
 */
export function commandLine(pid: number): string {
  return (readText(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ').trim();
}

/**
 * A Chromium renderer process for web pages (pages and their workers run in these): not the
 * browser's own UI (--top-chrome-webui) or an extension's.
 */
export function isPageRendererProcess(pid: number): boolean {
  const line = commandLine(pid);
  return /(^|\s)--type=renderer(\s|$)/.test(line) && !/(^|\s)--(top-chrome-webui|extension-process)(\s|$)/.test(line);
}

export interface MemoryPeaks {
  /** The largest VmRSS reached by any page renderer process (`--type=renderer`), in bytes. */
  readonly peakRendererBytes: number;
  /** The largest sum of VmRSS over the whole tree at one sample, in bytes. */
  readonly peakTotalBytes: number;
  readonly samples: number;
}

/**
 * Samples the memory of the tree under `root` every `intervalMs` until stop(): VmRSS of every
 * process, each time; the tree itself (new renderers, exited helpers) every `treeEveryMs`.
 */
export class TreeMemorySampler {
  private readonly isRenderer = new Map<number, boolean>();
  private pids: number[] = [];
  private peakRenderer = 0;
  private peakTotal = 0;
  private samples = 0;
  private lastTreeScan = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 100,
    private readonly treeEveryMs = 500,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Takes a last sample and stops; the peaks since start(). */
  stop(): MemoryPeaks {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { peakRendererBytes: this.peakRenderer, peakTotalBytes: this.peakTotal, samples: this.samples };
  }

  /** One sample now: the largest renderer's and the tree's resident bytes. */
  sample(): { rendererBytes: number; totalBytes: number } {
    const now = performance.now();
    if (now - this.lastTreeScan >= this.treeEveryMs) {
      this.pids = processTree(this.root);
      this.lastTreeScan = now;
    }
    let total = 0;
    let renderer = 0;
    for (const pid of this.pids) {
      const bytes = residentBytes(pid);
      if (bytes === undefined) continue;
      total += bytes;
      let isRenderer = this.isRenderer.get(pid);
      if (isRenderer === undefined) {
        isRenderer = isPageRendererProcess(pid);
        this.isRenderer.set(pid, isRenderer);
      }
      if (isRenderer) renderer = Math.max(renderer, bytes);
    }
    this.samples++;
    this.peakRenderer = Math.max(this.peakRenderer, renderer);
    this.peakTotal = Math.max(this.peakTotal, total);
    return { rendererBytes: renderer, totalBytes: total };
  }
}
