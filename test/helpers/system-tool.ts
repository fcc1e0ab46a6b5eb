// Tests that need a program Node does not bring (a shell the completion scripts target) run where
// it is installed and are skipped elsewhere with the reason on the report, so `npm test` passes on a
// machine with Node alone. CI sets SEGMENT_ACCESS_REQUIRE_TOOLS=1: there a missing program fails
// the test instead, so nothing is skipped unnoticed where every test must run.
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

/** Whether `name` can be started from PATH (cached per process). */
export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    const probe = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    ok = probe.status === 0;
    found.set(name, ok);
  }
  return ok;
}

/** Whether CI demands every system tool (and so every test). */
export const toolsRequired = process.env.SEGMENT_ACCESS_REQUIRE_TOOLS === '1';

/**
 * Skips the running test with a visible reason when `name` is missing, or fails it when CI
 * requires every tool. Call first thing in the test body with the test's context.
 */
export function needTool(ctx: { skip: (condition: boolean, note?: string) => void }, name: string, debianPackage = name): void {
  if (hasTool(name)) return;
  if (toolsRequired) throw new Error(`${name} is not installed, and SEGMENT_ACCESS_REQUIRE_TOOLS=1 asks for every test to run (apt-get install ${debianPackage})`);
  ctx.skip(true, `${name} is not installed (apt-get install ${debianPackage}); CI runs this test`);
}
