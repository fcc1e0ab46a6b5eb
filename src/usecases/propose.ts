// `--github-pr` for prune and drift --adopt: the files they wrote, proposed as one pull request per
// workspace and purpose (src/github/lifecycle-pr.ts), with what changed listed in its body. The
// commit message is built from fixed words and counts only: names from the workspace or the
// manifests never reach it (a `[skip ci]` or a newline in a name must not steer anything).
import path from 'node:path';
import { ensureLifecyclePr, type LifecyclePrAction } from '../github/lifecycle-pr.js';
import { mdText } from '../plan/markdown.js';
import type { Ports } from '../ports/index.js';

const PURPOSE = {
  prune: { title: (slug: string) => `Prune expired access from the manifests of Segment workspace ${slug}`, intro: 'These entries have expired: the workspace no longer gives this access (or will not once applied), so the manifests drop them too.' },
  adopt: { title: (slug: string) => `Adopt changes made outside git in Segment workspace ${slug}`, intro: 'These changes were made in Segment outside git. Merging keeps them; closing this pull request and running apply reverts them.' },
} as const;

export type Purpose = keyof typeof PURPOSE;

export interface Proposal {
  action: LifecyclePrAction;
  number?: number;
  url?: string;
}

/** The commit message: fixed words and counts, nothing a person or the workspace wrote. */
export function proposalMessage(kind: Purpose, files: number, changes: number): string {
  const what = kind === 'prune' ? 'Prune expired access' : 'Adopt changes made outside git';
  return `${what} (segment-access)\n\n${changes} change${changes === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; the pull request lists them.`;
}

export async function proposeChanges(ports: Pick<Ports, 'cwd' | 'git' | 'github' | 'ci'>, kind: Purpose, slug: string, files: ReadonlyMap<string, string>, lines: readonly string[]): Promise<Proposal> {
  const github = ports.github();
  const root = await ports.git.repositoryRoot();
  const repoFiles = new Map([...files].map(([file, text]) => [path.relative(root, path.resolve(ports.cwd, file)).split(path.sep).join('/'), text]));
  const url = ports.ci.runUrl;
  const body = [
    `${PURPOSE[kind].intro}`, '',
    ...lines.slice(0, 500).map((l) => `- ${mdText(l)}`),
    ...(lines.length > 500 ? [`- … and ${lines.length - 500} more`] : []),
    '', `<sub>Written by \`segment-access ${kind === 'prune' ? 'prune' : 'drift --adopt'} --github-pr\`${url ? ` in [this run](${url})` : ''}. The branch is rewritten on every run.</sub>`,
  ].join('\n');
  const branch = `segment-access/${kind}-${slug.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return ensureLifecyclePr(github, {
    branch, title: PURPOSE[kind].title(slug), body, message: proposalMessage(kind, repoFiles.size, lines.length), files: repoFiles,
  });
}
