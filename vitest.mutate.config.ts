// The tests StrykerJS runs against each mutant of src/plan, src/apply and src/segment: the suites
// that exercise those folders directly (unit and table tests, the planner's and applier's end-to-end
// runs against the in-process emulator). Tests that start child processes are left out (mutants are
// instrumented in-process only), and so are the slower end-to-end suites of other stages (each
// mutant runs every test that covers it), so that a run fits in about half an hour on two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan/**/*.test.ts', 'test/apply/**/*.test.ts', 'test/segment/**/*.test.ts', 'test/e2e/apply.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
