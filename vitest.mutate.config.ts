// The tests StrykerJS runs against each mutant of src/plan, src/apply and src/segment: the suites
// that exercise those folders (unit, table and end-to-end against the in-process emulator). Tests
// that start child processes are left out: mutants are instrumented in-process only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan/**/*.test.ts', 'test/apply/**/*.test.ts', 'test/segment/**/*.test.ts', 'test/workspace/**/*.test.ts',
      'test/e2e/apply.test.ts', 'test/e2e/plan.test.ts', 'test/e2e/integrity.test.ts', 'test/e2e/expiry.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
