import { ImportError, type ImportProblem } from './import-problem';

/** The problem an import raised; for tests that check what a person would be told. */
export function catchImportProblem(run: () => unknown): ImportProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error.problem;
    throw error;
  }
  throw new Error('expected an ImportError, but the import succeeded');
}
