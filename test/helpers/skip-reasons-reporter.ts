// A reporter that lists, after the run, every test skipped with a reason (a missing system tool,
// see system-tool.ts), so a skip is never silent in `npm test`'s output.
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'skipped' && result.note) lines.push(`  ${test.fullName}: ${result.note}`);
      }
    }
    if (lines.length === 0) return;
    process.stdout.write(`\nSkipped with a reason (${lines.length}):\n${lines.join('\n')}\n`);
  }
}
