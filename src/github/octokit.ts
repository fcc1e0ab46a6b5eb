// The GitHub client: @octokit/core with REST methods, pagination and retries. (No throttling plugin:
// this tool makes a handful of writes per run, and its 1-3 s spacing of writes would only slow runs.)
import { Octokit as Core } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';

export const GitHub = Core.plugin(restEndpointMethods, paginateRest, retry);
export type GitHubClient = InstanceType<typeof GitHub>;

export function gitHubClient(env: Record<string, string | undefined>, token: string): GitHubClient {
  return new GitHub({
    auth: token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    userAgent: 'segment-access',
    // Retries 5xx and similar (not 400/401/403/404/410/422/451), 3 times by default. Setting
    // `request.retries` instead would make the plugin retry every error, 403s included.
    retry: { retries: env.SEGMENT_ACCESS_GITHUB_RETRIES ? Number(env.SEGMENT_ACCESS_GITHUB_RETRIES) : 3 },
  });
}
