// `segment-access review [DIR] [--local] [--format markdown|csv|html] [--out FILE]`: the access review
// of one workspace (see src/review/review.ts), for a person to go through or an auditor to keep.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planContext } from '../plan/context.js';
import { mdText } from '../plan/markdown.js';
import { reviewHtml } from '../review/review-html.js';
import { buildReview, reviewCsv, reviewMarkdown } from '../review/review.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';

export interface ReviewOptions {
  at: Date;
  local?: boolean;
  format: 'markdown' | 'csv' | 'html';
  out?: string;
}

export async function reviewCommand(dir: string, options: ReviewOptions, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local, auditEvents: true }, io);
  try {
    const ctx = planContext(prepared.desired, prepared.actual, { now: options.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const people = buildReview({ ctx, events: prepared.actual.auditEvents, tokens: prepared.manifest.tokens.map((t) => t.value), now: options.at });
    const slug = prepared.actual.workspace.slug;
    const text = options.format === 'csv' ? reviewCsv(slug, people)
      : options.format === 'html' ? reviewHtml(slug, people, options.at, prepared.actual.sources, ctx.catalog)
        : reviewMarkdown(slug, people, options.at, mdText);
    if (options.out) {
      await writeFile(path.resolve(io.cwd, options.out), text);
      io.stderr(`wrote the access review of ${slug} (${people.length} people) to ${options.out}\n`);
    } else {
      io.stdout(text);
    }
    return EXIT.ok;
  } finally {
    await prepared.connection.close();
  }
}
