// The arrows of the architecture (STYLE items 12-14), checked by `npm test`. The folders follow the
// pipeline: manifest -> segment -> workspace -> plan -> apply -> github (review reads the plan's
// model beside apply); commands/ is the
// application layer that may use every stage, and nothing below it imports from it. The emulator
// is a separate server: only the commands that start it (and tests) may import it.
const stage = (name, allowed) => ({
  name: `${name}-imports-only-earlier-stages`,
  comment: `src/${name}/ may import only: ${allowed.join(', ') || 'nothing else in src'}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'nothing-imports-commands',
      comment: 'src/commands/ is the application layer: only cli.ts and action.ts call into it',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/commands/', '^src/cli\\.ts$', '^src/action\\.ts$'] },
      to: { path: '^src/commands/' },
    },
    stage('manifest', ['workspace/model\\.ts', 'workspace/audit\\.ts']),
    stage('segment', []),
    stage('workspace', ['segment/', 'user-error\\.ts']),
    stage('plan', ['manifest/', 'workspace/']),
    stage('apply', ['manifest/', 'workspace/', 'segment/', 'plan/']),
    stage('github', ['manifest/', 'plan/', 'user-error\\.ts']),
    stage('review', ['manifest/', 'workspace/', 'plan/']),
    stage('emulator', []),
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
