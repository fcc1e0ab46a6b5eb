import { defineConfig } from 'vitest/config';

const heavy = process.env.SEGMENT_ACCESS_HEAVY === '1';

export default defineConfig({
  test: {
    // The chaos suites of test/heavy (faults, kills; about half a minute) stay out of npm test, which
    // keeps within about four minutes; .ci/run runs them with npm run test:heavy.
    include: heavy ? ['test/heavy/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: heavy ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/heavy/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    reporters: ['default', './test/helpers/skip-reasons-reporter.ts'],
    coverage: { provider: 'v8', include: ['src/**/*.ts'] },
  },
});
