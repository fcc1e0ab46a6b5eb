// The headless browser for page tests. Debian's chromium where it is installed (CI installs it), else
// the Chromium build that the npm package @sparticuz/chromium ships (a dev dependency, unpacked into
// the temporary folder on first use), so the browser test runs on a machine with Node alone.
// CHROMIUM_PATH overrides both.
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The path of a Chromium executable for playwright-core, and where it came from. */
export async function chromiumExecutable(): Promise<{ path: string; from: string }> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return { path: fromEnv, from: 'CHROMIUM_PATH' };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, from: 'Debian chromium' };
  const packaged = (await import('@sparticuz/chromium')).default;
  return { path: await packaged.executablePath(), from: '@sparticuz/chromium' };
}
