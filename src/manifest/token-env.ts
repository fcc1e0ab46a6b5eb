// Which environment variable holds a workspace's Public API token: the manifest's
// `workspace.tokenEnv`, else SEGMENT_API_TOKEN_<SLUG>, else SEGMENT_API_TOKEN.

/** The variable a workspace's token is read from by default: SEGMENT_API_TOKEN_<SLUG>. */
export function tokenVariable(slug: string): string {
  return `SEGMENT_API_TOKEN_${slug.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
