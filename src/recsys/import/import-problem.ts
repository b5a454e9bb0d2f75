/**
 * What went wrong while reading a file, said so a person can fix it: which file, which line,
 * what was found and what was expected. `skipped` problems cost one row and the import goes on;
 * `fatal` problems stop the import and leave the previous dataset in place.
 */
export interface ImportProblem {
  readonly severity: 'fatal' | 'skipped';
  readonly file: string;
  /** 1-based line in the file; undefined when the problem is about the file as a whole. */
  readonly line?: number;
  readonly message: string;
  readonly expected: string;
}

export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(formatProblem(problem));
    this.name = 'ImportError';
  }
}

export function fatal(file: string, line: number | undefined, message: string, expected: string): ImportError {
  return new ImportError({ severity: 'fatal', file, line, message, expected });
}

export function formatProblem(problem: ImportProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}, line ${problem.line}`;
  return `${where}: ${problem.message}. Expected ${problem.expected}.`;
}

/** Keeps every skipped-row count but only the first `limit` problems' details (a 25M-row file
 * with a systematic error must not hold 25M messages). */
export class ProblemLog {
  private readonly kept: ImportProblem[] = [];
  private readonly countsByFile = new Map<string, number>();

  constructor(private readonly limit = 50) {}

  skip(file: string, line: number, message: string, expected: string): void {
    this.countsByFile.set(file, (this.countsByFile.get(file) ?? 0) + 1);
    if (this.kept.length < this.limit) {
      this.kept.push({ severity: 'skipped', file, line, message, expected });
    }
  }

  /** Counts `count` more skipped rows of `file` whose details were not kept (a parse worker's
   * rows beyond its own first problems). */
  countSkipped(file: string, count: number): void {
    if (count > 0) this.countsByFile.set(file, (this.countsByFile.get(file) ?? 0) + count);
  }

  /** Everything `other` logged, after what this log holds: its kept problems while there is
   * room, every count. */
  absorb(other: ProblemLog): void {
    const keptByFile = new Map<string, number>();
    for (const { file, line, message, expected } of other.problems) {
      this.skip(file, line ?? 0, message, expected);
      keptByFile.set(file, (keptByFile.get(file) ?? 0) + 1);
    }
    for (const [file, count] of other.skippedByFile) this.countSkipped(file, count - (keptByFile.get(file) ?? 0));
  }

  get problems(): readonly ImportProblem[] {
    return this.kept;
  }

  get skippedByFile(): ReadonlyMap<string, number> {
    return this.countsByFile;
  }

  get totalSkipped(): number {
    let total = 0;
    for (const count of this.countsByFile.values()) total += count;
    return total;
  }
}
