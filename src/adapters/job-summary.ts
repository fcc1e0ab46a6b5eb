// The job summary: Markdown appended to the file named by $GITHUB_STEP_SUMMARY (1 MiB per step).
import { appendFile, stat } from 'node:fs/promises';
import type { JobSummary } from '../ports/index.js';

export const MAX_SUMMARY_BYTES = 1024 * 1024;

/** The summary port when the environment names a summary file; undefined otherwise. */
export function jobSummary(env: Record<string, string | undefined>): JobSummary | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  return {
    async append(markdown) {
      const used = await stat(file).then((s) => s.size, () => 0);
      const room = MAX_SUMMARY_BYTES - used - 200;
      if (room <= 0) return;
      let text = `${markdown}\n`;
      if (Buffer.byteLength(text) > room) {
        text = `${Buffer.from(text).subarray(0, room).toString('utf8').replace(/\uFFFD$/, '')}\n\n_Summary trimmed to stay under GitHub's 1 MiB limit._\n`;
      }
      await appendFile(file, text);
    },
  };
}
