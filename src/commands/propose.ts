// `--github-pr` for prune and drift --adopt: the files they wrote, proposed as one pull request per
// workspace and purpose (src/github/lifecycle-pr.ts), with what changed listed in its body.
import path from 'node:path';
import { gitHubToken, repository, runUrl } from '../github/context.js';
import { ensureLifecyclePr } from '../github/lifecycle-pr.js';
import { gitHubClient } from '../github/octokit.js';
import { mdText } from '../plan/markdown.js';
import { repositoryRoot } from './git.js';
import type { Io } from './io.js';

const PURPOSE = {
  prune: { title: (slug: string) => `Prune expired access from the manifests of Segment workspace ${slug}`, intro: 'These entries have expired: the workspace no longer gives this access (or will not once applied), so the manifests drop them too.' },
  adopt: { title: (slug: string) => `Adopt changes made outside git in Segment workspace ${slug}`, intro: 'These changes were made in Segment outside git. Merging keeps them; closing this pull request and running apply reverts them.' },
} as const;

export async function proposeChanges(io: Io, kind: keyof typeof PURPOSE, slug: string, files: ReadonlyMap<string, string>, lines: readonly string[]): Promise<void> {
  const root = await repositoryRoot(io.cwd);
  const repoFiles = new Map([...files].map(([file, text]) => [path.relative(root, path.resolve(io.cwd, file)).split(path.sep).join('/'), text]));
  const url = runUrl(io.env);
  const body = [
    `${PURPOSE[kind].intro}`, '',
    ...lines.slice(0, 500).map((l) => `- ${mdText(l)}`),
    ...(lines.length > 500 ? [`- … and ${lines.length - 500} more`] : []),
    '', `<sub>Written by \`segment-access ${kind === 'prune' ? 'prune' : 'drift --adopt'} --github-pr\`${url ? ` in [this run](${url})` : ''}. The branch is rewritten on every run.</sub>`,
  ].join('\n');
  const result = await ensureLifecyclePr(gitHubClient(io.env, gitHubToken(io.env)), repository(io.env), {
    branch: `segment-access/${kind}-${slug}`, title: PURPOSE[kind].title(slug), body,
    message: `${PURPOSE[kind].title(slug)}\n\n${lines.join('\n')}`, files: repoFiles,
  });
  io.stderr(result.action === 'none'
    ? `No ${kind} pull request needed${result.number ? ` (#${result.number} stays open)` : ''}\n`
    : `${kind === 'prune' ? 'Prune' : 'Adopt'} pull request #${result.number}: ${result.action} (${result.url})\n`);
}
