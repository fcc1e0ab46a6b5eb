// The arrows of the architecture (STYLE items 12-17, docs/architecture.md), checked by `npm test`.
// The stage folders follow the pipeline: manifest -> segment -> workspace -> plan -> apply -> github
// (review reads the plan's model beside apply). ports/ holds the interfaces use cases take;
// usecases/ decides (one use case per command), views/ renders their outcomes, adapters/ implements
// the ports over the process (octokit, git, the disk, the environment). Only the composition roots
// (cli.ts, action.ts) build adapters and call use cases; nothing below the use cases imports them.
// words.ts (how the tool says counts) has no imports of its own: every stage may use it.
const stage = (name, allowed) => ({
  name: `${name}-imports-only-earlier-stages`,
  comment: `src/${name}/ may import only: ${allowed.join(', ') || 'nothing else in src'} (and words.ts)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, '^src/words\\.ts$', ...allowed.map((a) => `^src/${a}`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'only-the-roots-and-views-import-use-cases',
      comment: 'src/usecases/ is the application layer: cli.ts and action.ts call it, views render its outcomes',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/usecases/', '^src/views/', '^src/cli\\.ts$', '^src/action\\.ts$'] },
      to: { path: '^src/usecases/' },
    },
    {
      name: 'only-the-roots-build-adapters',
      comment: 'adapters (the GitHub client among them) are built once, at the composition root, and injected as ports',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/', '^src/cli\\.ts$', '^src/action\\.ts$'] },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'only-the-adapter-talks-to-github',
      comment: 'octokit is used by the GitHub adapter alone; everything else takes the GitHub port',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/github-octokit\\.ts$'] },
      to: { path: '@octokit/' },
    },
    stage('manifest', ['workspace/model\\.ts', 'workspace/audit\\.ts', 'user-error\\.ts']),
    stage('segment', []),
    stage('workspace', ['segment/', 'user-error\\.ts', 'manifest/role-catalog\\.ts']),
    stage('plan', ['manifest/', 'workspace/']),
    stage('apply', ['manifest/', 'workspace/', 'segment/', 'plan/', 'ports/']),
    stage('github', ['manifest/', 'plan/', 'ports/', 'user-error\\.ts']),
    stage('review', ['manifest/', 'workspace/', 'plan/']),
    stage('ports', ['segment/']),
    stage('emulator', []),
    stage('views', ['manifest/', 'workspace/', 'plan/', 'apply/', 'github/', 'review/', 'usecases/', 'ports/', 'user-error\\.ts']),
    stage('usecases', ['manifest/', 'segment/', 'workspace/', 'plan/', 'apply/', 'github/', 'review/', 'emulator/', 'ports/', 'user-error\\.ts', 'version\\.ts']),
    stage('adapters', ['ports/', 'segment/', 'emulator/', 'github/answers\\.ts', 'manifest/token-env\\.ts', 'user-error\\.ts']),
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
