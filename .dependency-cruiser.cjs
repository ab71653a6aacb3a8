// The allowed arrows between the parts of src/ (docs/architecture.md, "Rules"). Checked by
// test/architecture.test.ts (so by `npm test` and .ci/run): `npx depcruise src` prints a
// broken rule with its name and the comment below, which says why the rule exists.
//
// Type-only imports count (tsPreCompilationDeps): a type is an arrow between parts too.

/** Node modules that reach the file system or start processes; "node:" or not. */
const FS = '^(node:)?fs(/promises)?$';
const SPAWN = '^(node:)?child_process$|^execa$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle makes two modules one: neither can be read, tested or bundled without the other, ' +
        'and which one initialises first depends on who imports them. Move what both need into a third module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-commands',
      severity: 'error',
      comment:
        'Arrows go commands -> core -> adapters. A command file parses options, calls the core and prints; ' +
        'what another part needs from it belongs in the core (src/release/, src/config/, ...) where both can import it. ' +
        'Only the dispatch (src/cli.ts, src/entry/) imports commands.',
      from: { path: '^src/', pathNot: ['^src/commands/', '^src/cli\\.ts$', '^src/bin\\.ts$', '^src/entry/'] },
      to: { path: '^src/commands/' },
    },
    {
      name: 'commits-are-pure',
      severity: 'error',
      comment:
        'src/commits/ parses and lints commit messages: strings in, data out. It reads no file, runs no git and ' +
        'starts no process, so it is tested on strings and stays small on the commit-msg hook path. Finding and ' +
        "loading a repository's commitlint config is src/config/commitlint*.ts; reading commits is src/git/.",
      from: { path: '^src/commits/' },
      to: { path: [FS, SPAWN, '^src/git/', '^src/process/'] },
    },
    {
      name: 'version-is-pure',
      severity: 'error',
      comment:
        'src/version/ is the version schemes (semver, PEP 440) and one adapter per version-file format: ' +
        'text in, text out, with property tests on strings. Reading files and running git happen in the callers ' +
        '(src/config/detect/, src/release/).',
      from: { path: '^src/version/' },
      to: { path: [FS, SPAWN, '^src/git/', '^src/process/'] },
    },
    {
      name: 'version-imports-no-config',
      severity: 'error',
      comment:
        'The config is built from the version files (detection, src/config/detect/) and names their formats, so ' +
        'config imports version; version importing config closes a cycle between the two parts. Types a version ' +
        'file needs (VersionFileSpec) live in src/version/.',
      from: { path: '^src/version/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'spawn-only-in-runners',
      severity: 'error',
      comment:
        'Processes start in one place, src/process/run.ts (an argument array, never a shell: nothing from a tag, ' +
        'a version or a commit message is read as shell syntax). The deploy runner (deploy/child.ts) and trigger spawn the ' +
        "user's deploy command detached in its own process group, which run.ts does not do.",
      from: { path: '^src/', pathNot: ['^src/process/', '^src/deploy/child\\.ts$', '^src/deploy/trigger\\.ts$'] },
      to: { path: SPAWN },
    },
    {
      name: 'only-git-runs-git',
      severity: 'error',
      comment:
        'Git runs only through the named methods of src/git/ (no raw argument lists elsewhere), so the process ' +
        'runner src/process/run.ts is imported by src/git/ and by the two callers that run something else: the ' +
        "husky setup (the package manager) and doctor (shipver --version-info). Its errors and pidAlive are " +
        'src/process/status.ts, which anyone may import.',
      from: { path: '^src/', pathNot: ['^src/git/', '^src/process/', '^src/hooks/husky-setup\\.ts$', '^src/doctor/hooks\\.ts$'] },
      to: { path: '^src/process/run\\.ts$' },
    },
    {
      name: 'git-is-an-adapter',
      severity: 'error',
      comment:
        'src/git/ turns git into named methods and data; it knows nothing of releases, configs or commands ' +
        '(commands -> core -> adapters), so any part can use it without pulling the rest of shipver in.',
      from: { path: '^src/git/' },
      to: { path: '^src/', pathNot: ['^src/git/', '^src/process/', '^src/errors', '^src/find-up\\.ts$'] },
    },
    {
      name: 'src-imports-no-tests',
      severity: 'error',
      comment: 'test/ holds the tests and their helpers; the program must not need them (they are not in the package).',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment:
        'A module nothing imports is dead code (or an entry point missing from this list): remove it, or name it ' +
        'here if a build script or the loader runs it.',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/bin\\.ts$',
          '^src/entry/(loader|hook-loader|commit-msg|sea)\\.ts$',
          '^src/config/commitlint-load\\.ts$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
