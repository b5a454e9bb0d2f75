import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import rules per layer: dependencies flow app → features → lib → worker API types, and
 * worker → recsys (docs/architecture.md). */
const layers = {
  recsys: {
    files: ['src/recsys/**/*.ts'],
    patterns: [
      { group: ['react', 'react-dom', 'react/*', 'recharts', '@tanstack/*'], message: 'recsys is pure TypeScript + tfjs: no React.' },
      { group: ['**/worker/**', '**/worker', '**/features/**', '**/lib/**', '**/app/**'], message: 'recsys imports nothing of the app.' },
    ],
    extra: {
      // No DOM in recsys: it runs in the worker and in Node tests.
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'HTMLElement'],
    },
  },
  worker: {
    files: ['src/worker/**/*.ts'],
    patterns: [
      { group: ['react', 'react-dom', 'react/*', 'recharts'], message: 'The worker has no UI.' },
      { group: ['**/features/**', '**/lib/**', '**/app/**'], message: 'The worker imports recsys, never the page.' },
    ],
  },
  features: {
    files: ['src/features/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    patterns: [
      { group: ['**/worker/*', '!**/worker/api'], message: 'The page reaches the worker through src/lib only.' },
      { group: ['**/worker/api'], allowTypeImports: true, message: 'Only types come from the worker API.' },
      { group: ['**/recsys/**', '@tensorflow/*'], message: 'The page gets recsys through the worker (or src/lib for plain data).' },
    ],
  },
  lib: {
    files: ['src/lib/**/*.{ts,tsx}'],
    patterns: [
      { group: ['**/worker/*', '!**/worker/api'], message: 'The bridge knows the worker by its API types only.' },
      { group: ['**/worker/api'], allowTypeImports: true, message: 'Only types come from the worker API.' },
      { group: ['**/features/**', '**/app/**'], message: 'lib sits below the features.' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist', 'dist-bench', 'node_modules', 'test-results', 'playwright-report', 'test-reports', '.tmp', '.venv-engines'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
      // Type information, for the rules about promises below.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  ...Object.values(layers).map(({ files, patterns, extra = {} }) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }], ...extra },
  })),
  // No import cycles under src/ (docs/architecture.md): a module never reaches itself through
  // what it imports. import-x skips `import type` edges; `npm run cycles` (madge, in `npm run
  // lint`) also catches cycles made of type imports alone.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
  },
  // Formatting is Prettier's (run by `npm run lint`); no ESLint rule argues with it.
  prettier,
);
