import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

/** `npm run screenshots`: the README's pictures, taken from a real run of the built app. */
export default defineConfig({
  ...baseConfig,
  testDir: './scripts/screenshots',
  reporter: [['list']],
});
