// The tests StrykerJS runs against each mutant of src/plan, src/apply and src/segment: every suite
// that exercises those folders in-process — unit and table tests, the scenario plans, the GitHub loop
// (nock), the workspace reader and the shorter end-to-end runs against the in-process emulator.
// Left out: tests that start child processes (mutants are instrumented in-process only) and the
// chaos runs of test/e2e/resilience.test.ts (25 s each time a mutant they cover is tested; the table
// tests of test/apply and test/segment check the same recovery branches one by one).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan/**/*.test.ts', 'test/apply/**/*.test.ts', 'test/segment/**/*.test.ts', 'test/workspace/**/*.test.ts', 'test/github/**/*.test.ts',
      'test/e2e/apply.test.ts', 'test/e2e/plan.test.ts', 'test/e2e/integrity.test.ts', 'test/e2e/expiry.test.ts', 'test/e2e/prune.test.ts',
      'test/e2e/questions.test.ts', 'test/e2e/untrusted-api.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
