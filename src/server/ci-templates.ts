// The CI files `shipver init --ci github|gitlab` writes. Pure: the tag filter comes from
// tag.format, everything else is fixed. docs/ci.md shows both files whole (a test checks
// that they match what this module writes for the default tag format).
//
// How shipver gets onto the runner: shipver is not on the npm registry, so `npm i -g
// shipver` does not work. The files download the standalone executable (npm run
// build:binary → dist/shipver-linux-x64, no Node.js needed) from a URL the team sets as a
// CI variable, SHIPVER_URL, and check its sha256 when SHIPVER_SHA256 is set.

export const GITHUB_WORKFLOW_FILE = '.github/workflows/shipver.yml';
export const GITLAB_CI_FILE = '.gitlab-ci.yml';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** GitHub's tag filter for tag.format: v{version} → v[0-9]* ({project} matches anything). */
export function githubTagFilter(tagFormat: string): string {
  const prefix = tagFormat.split('{version}')[0]!;
  return `${prefix.split('{project}').map((s) => s.replace(/[*?+![\]\\]/g, '\\$&')).join('*')}[0-9]*`;
}

/** GitLab's rule regex for tag.format: v{version} → /^v\d/. */
export function gitlabTagRegex(tagFormat: string): string {
  const prefix = tagFormat.split('{version}')[0]!;
  return `/^${prefix.split('{project}').map(escapeRe).join('.+')}\\d/`;
}

/**
 * The shell lines both CI files run to install shipver: download the executable from
 * SHIPVER_URL (refused when the variable is missing), check SHIPVER_SHA256 when set.
 * `missing` starts the message for a missing URL; `indent` is the YAML block's indentation.
 */
function download(missing: string, indent: number): string {
  const lines = [
    'if [ -z "$SHIPVER_URL" ]; then',
    `  echo "${missing} SHIPVER_URL to the download URL of the shipver executable (see docs/ci.md)"`,
    '  exit 1',
    'fi',
    'mkdir -p "$HOME/.local/bin"',
    'curl -fsSL --retry 3 -o "$HOME/.local/bin/shipver" "$SHIPVER_URL"',
    'if [ -n "$SHIPVER_SHA256" ]; then',
    '  echo "$SHIPVER_SHA256  $HOME/.local/bin/shipver" | sha256sum -c -',
    'fi',
    'chmod +x "$HOME/.local/bin/shipver"',
  ];
  return lines.map((l) => ' '.repeat(indent) + l + '\n').join('');
}

export function githubWorkflow(tagFormat: string): string {
  return `# shipver: check every push against the release rules, deploy version tags.
# Written by "shipver init --ci github"; docs/ci.md of shipver explains each step.
#
# Set in Settings → Secrets and variables → Actions → Variables:
#   SHIPVER_URL     the download URL of the standalone shipver executable for Linux x64
#   SHIPVER_SHA256  (optional) its sha256; the download is refused when it differs
name: shipver

on:
  push:
    branches: ['**']
    tags: ['${githubTagFilter(tagFormat)}']

permissions:
  contents: read

jobs:
  shipver:
    runs-on: ubuntu-latest
    # One deploy at a time; branch pushes are not held back.
    concurrency:
      group: \${{ github.ref_type == 'tag' && 'shipver-deploy' || format('shipver-{0}', github.run_id) }}
      cancel-in-progress: false
    steps:
      # A shallow clone is enough: shipver ci verify fetches more history when it needs it.
      - uses: actions/checkout@v4

      - name: Install shipver
        env:
          SHIPVER_URL: \${{ vars.SHIPVER_URL }}
          SHIPVER_SHA256: \${{ vars.SHIPVER_SHA256 }}
        run: |
${download('::error::set the Actions variable', 10)}          echo "$HOME/.local/bin" >> "$GITHUB_PATH"
          "$HOME/.local/bin/shipver" -V

      - name: Verify commit messages and version tags
        env:
          # the commit the branch was at before this push (not set by GitHub on its own)
          GITHUB_EVENT_BEFORE: \${{ github.event.before }}
        run: shipver ci verify

      - name: Deploy the version tag
        if: github.ref_type == 'tag'
        # env: the credentials your deploy commands need, from secrets
        run: shipver ci deploy
`;
}

/** The jobs, without the header: what to add to an existing .gitlab-ci.yml. */
export function gitlabJobs(tagFormat: string): string {
  return `.shipver:
  image: node:20-bookworm # any glibc Linux image with git and curl
  before_script:
    - |
      set -e
${download('set the CI/CD variable', 6)}      export PATH="$HOME/.local/bin:$PATH"
      shipver -V

shipver-verify:
  extends: .shipver
  stage: test
  script:
    - shipver ci verify

shipver-deploy:
  extends: .shipver
  stage: deploy
  resource_group: shipver-deploy # one deploy at a time
  rules:
    - if: '$CI_COMMIT_TAG =~ ${gitlabTagRegex(tagFormat)}'
  script:
    - shipver ci deploy
`;
}

export function gitlabCi(tagFormat: string): string {
  return `# shipver: check every push against the release rules, deploy version tags.
# Written by "shipver init --ci gitlab"; docs/ci.md of shipver explains each step.
#
# Set in Settings → CI/CD → Variables:
#   SHIPVER_URL     the download URL of the standalone shipver executable for Linux x64
#   SHIPVER_SHA256  (optional) its sha256; the download is refused when it differs

${gitlabJobs(tagFormat)}`;
}
