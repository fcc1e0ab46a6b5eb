// The tests StrykerJS runs against each mutant of src/plan, src/apply and src/segment: the suites of
// those folders (unit, table and scenario tests, which look at each decision) and the applier's
// end-to-end run against the in-process emulator. The slower end-to-end and GitHub suites also cover
// this code in `npm test`, but each mutant runs every test that covers it: with them, a run on two
// cores takes most of a working day instead of about an hour. Tests that start child processes are
// left out in any case (mutants are instrumented in-process only).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan/**/*.test.ts', 'test/apply/**/*.test.ts', 'test/segment/**/*.test.ts', 'test/e2e/apply.test.ts',
      // The planner's newer decisions are checked end to end, each file in about a second: adopting
      // drift, the identity provider, and expiries compared with the base branch.
      'test/e2e/adopt.test.ts', 'test/e2e/identity-provider.test.ts', 'test/e2e/base-ref.test.ts',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
