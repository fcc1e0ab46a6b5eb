import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    reporters: ['default', './test/helpers/skip-reasons-reporter.ts'],
    coverage: { provider: 'v8', include: ['src/**/*.ts'] },
  },
});
