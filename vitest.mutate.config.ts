// The tests StrykerJS runs against each mutant (npm run mutate; one folder at a time with
// `npm run mutate -- --mutate 'src/github/**'`). With per-test coverage each mutant runs only the
// tests that reach it, so the list can hold every suite that checks a decision in-process: the unit,
// table and scenario tests of each folder, the use-case tests, and the end-to-end suites that drive
// the use cases against the in-process emulator. Tests that start the CLI as a child process are left
// out: mutants are instrumented in-process only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/plan/**/*.test.ts', 'test/apply/**/*.test.ts', 'test/segment/**/*.test.ts', 'test/usecases/**/*.test.ts', 'test/views/**/*.test.ts',
      'test/github/**/*.test.ts', 'test/adapters/**/*.test.ts', 'test/review/**/*.test.ts', 'test/manifest/**/*.test.ts', 'test/workspace/**/*.test.ts',
      'test/cli/fmt.test.ts', 'test/architecture.test.ts',
      'test/e2e/apply.test.ts', 'test/e2e/adopt.test.ts', 'test/e2e/identity-provider.test.ts', 'test/e2e/base-ref.test.ts', 'test/e2e/plan.test.ts',
      'test/e2e/prune.test.ts', 'test/e2e/questions.test.ts', 'test/e2e/expiry.test.ts', 'test/e2e/integrity.test.ts', 'test/e2e/untrusted-api.test.ts',
      'test/e2e/workspaces.test.ts',
    ],
    // The browser test needs a browser per run; its HTML escaping is checked by table tests too.
    exclude: ['test/review/review-html.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
  },
});
