import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// WebGPU in Node (the `webgpu` package, Dawn) for the kernel tests needs a Vulkan driver. Debian's
// chromium package ships SwiftShader's with its Vulkan loader; point Dawn at them. Set here, in the
// main process, so the forked test workers start with it (the loader reads it at process start).
const chromiumLibs = '/usr/lib/chromium';
if (existsSync(`${chromiumLibs}/vk_swiftshader_icd.json`) && !process.env.VK_ICD_FILENAMES) {
  process.env.VK_ICD_FILENAMES = `${chromiumLibs}/vk_swiftshader_icd.json`;
  process.env.LD_LIBRARY_PATH = [chromiumLibs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
  },
});
