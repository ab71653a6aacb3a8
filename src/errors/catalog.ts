// Every error code shipver reports, once: its exit code, what it means (one line) and the
// fix it points to (a template: <NAME> stands for what the throw site fills in). Throw
// sites name a code of this table (refusal(), usageError(), new ShipverError() take only
// these keys, and only with the exit code given here); docs/errors.md is generated from it
// (node scripts/errors-doc.mjs). Imported for its types only by the code that runs, so
// its text stays out of the bundles (the commit-msg hook's above all).
import { ExitCode } from './exit-codes.js';

export interface CatalogEntry {
  readonly exit: ExitCode;
  /** what the code means, one line */
  readonly meaning: string;
  /** the fix, as a template; the throw site's hint says it for the case at hand */
  readonly hint: string;
}

/** a guard refused, a message failed the lint, a check found a problem: exit 1 */
const refused = (meaning: string, hint: string) => ({ exit: ExitCode.Refused, meaning, hint }) as const;
/** bad usage or bad configuration: exit 2 */
const usage = (meaning: string, hint: string) => ({ exit: ExitCode.Usage, meaning, hint }) as const;

export const CATALOG = {
  // --- usage and the command line
  E_USAGE: usage('the arguments or options do not go together, or one is missing or unknown', 'the message says which; shipver COMMAND --help shows the usage'),
  E_NO_CWD: usage('the current directory was deleted under the shell', 'cd into the repository again (cd "$PWD" returns to a directory recreated at that path)'),
  E_BAD_DATE: usage('SHIPVER_DATE is not a date in the form YYYY-MM-DD', 'e.g. SHIPVER_DATE=2024-05-01, or unset it to use today'),
  E_BAD_REF: usage('an option that names a git ref is given something that is not a ref', 'give a tag, a branch or a commit'),
  E_REF_NOT_FOUND: usage('a ref given to --from/--to does not name a commit here', 'check the name (git tag --list, git branch --all), or fetch first'),
  E_UNSAFE_REF: usage('a branch, remote or ref name holds spaces, shell characters or a leading "-"', 'use plain names without spaces, shell characters or a leading "-"'),
  E_UNSAFE_VERSION: usage('a version given on the command line is not a valid version', 'versions look like 1.2.3 or 1.2.3-beta.0'),
  E_VERSION_INVALID: usage('the version to deploy is not semver', 'give the version to deploy as semver, e.g. 1.2.0 or 1.3.0-beta.1'),
  E_TAG_FORMAT: usage('a tag format does not contain {version} exactly once', 'e.g. --tag-format "v{version}"'),
  E_PROJECT_INVALID: usage('--project is not a valid project name', 'letters, digits, ".", "_" and "-"'),
  E_PROJECT_REQUIRED: usage('several projects have their own versions and tags, and the command was not told which one', 'choose one of the projects: --project <NAME>'),
  E_PROJECT_LOCKSTEP: usage('--project was given, but the projects share one version and release together', 'drop --project, or put {project} in tag.format to version them separately'),
  E_UNKNOWN_PROJECT: usage('--project names a project shipver.yaml does not list', 'one of the projects shipver.yaml lists'),
  E_UNKNOWN_ENV: usage('the environment named is not in shipver.yaml', 'one of the environments shipver.yaml lists'),
  E_INPUT: usage('stdin is not UTF-8 text', 'give one JSON object per line'),
  E_MESSAGES_FILE: usage('--messages-file cannot be read or is not a JSON array of messages', 'give a JSON array of commit messages, e.g. ["feat: a", "fix: b"]'),
  E_MESSAGE_FILE: usage('the commit message file given to the hook cannot be read', 'pass the file git gives the hook: shipver hook commit-msg "$1"'),
  E_PRE_PUSH_INPUT: usage('a line git passed to the pre-push hook is not in its format', 'shipver hook pre-push is meant to be called by git'),
  E_PRE_RECEIVE_INPUT: usage('a line git passed to the pre-receive hook is not in its format', 'shipver hook pre-receive is meant to be called by git on the server'),
  E_OUT_DIR: usage('the directory --out writes into does not exist', 'create it first (mkdir -p <DIR>), or write the page elsewhere'),
  E_ENV_NAME: usage('--env-var is not a valid environment variable name', 'use letters, digits and "_" (e.g. VERSION)'),
  E_IMAGE_NAME: usage('--image includes a tag or digest', 'give the image name alone, e.g. --image <NAME>'),
  E_IMAGE_REF: usage('an image reference cannot be parsed', 'write it as [REGISTRY[:PORT]/]REPOSITORY:TAG, e.g. registry.example.org:5000/team/app:1.2.0'),
  E_IMAGE_TAG: usage('the image tag to set is not a valid tag', 'a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-" (e.g. 1.2.0)'),
  E_CHECKOUT_DIR: usage('the app checkout given is not a directory', 'give the path of the app checkout (a git clone of the app)'),

  // --- setup: git, the repository
  E_NO_GIT: usage('git cannot be run: it is not installed, or not on PATH', 'install git (e.g. apt install git) or add it to PATH'),
  E_NOT_A_REPO: refused('the command needs a git repository, and there is none here (or at the path given)', 'cd into your repository, or git init one'),
  E_NOT_BARE: refused('shipver init --server was given a repository that is not bare', 'give the bare repository people push to (in a work tree: shipver init)'),
  E_SERVER_HOOKS_SHARED: refused("the server repository's hooks directory may be shared with other repositories", 'install the hook where your server expects per-repository hooks (docs/server.md)'),
  E_SERVER_HOOK_EXISTS: refused('a pre-receive hook exists that shipver cannot add itself to', 'make it pass its stdin to shipver hook pre-receive, or move it aside'),
  E_NO_COMMITS: refused('the repository has no commits yet', 'commit something first'),
  E_SHALLOW_CLONE: refused('a shallow clone lacks the history the command needs', 'fetch the whole history and its tags: git fetch --unshallow --tags'),
  E_SPARSE_CHECKOUT: refused('a version file is outside the sparse checkout', 'check it out: git sparse-checkout add <DIR>'),
  E_GIT: refused('git failed while reading the history', 'check that the repository is not corrupt or locked (git status)'),
  E_GIT_FAILED: refused("a git command failed on the repository's state", "fix what git says (git status and git fsck show the repository's state), then run shipver again"),
  E_GIT_INDEX: refused("git's index (.git/index) is damaged", 'rm <INDEX> && git reset rebuilds it from HEAD'),
  E_GIT_CONFIG: refused("git cannot read its configuration", 'fix the line git names in an editor, then run shipver again'),
  E_GIT_OBJECTS: refused('objects of the repository are missing or damaged', 'git fetch --refetch origin downloads them again; else clone the repository again'),

  // --- configuration
  E_CONFIG: usage('shipver.yaml is not a mapping of keys, or a key has a wrong value', 'fix shipver.yaml (shipver doctor shows where)'),
  E_CONFIG_INVALID: usage('shipver.yaml has keys or values shipver does not accept', 'fix <FILE>; docs/config.md lists every key'),
  E_CONFIG_SYNTAX: usage('shipver.yaml is not valid YAML', 'fix the YAML at the line named, or delete shipver.yaml to use the defaults'),
  E_CONFIG_UNREADABLE: usage('shipver.yaml cannot be read', "check the file's permissions"),
  E_COMMITLINT_CONFIG: usage('the commitlint configuration cannot be loaded or is invalid', 'fix the configuration the message names (e.g. { extends: ["@commitlint/config-conventional"] })'),
  E_TAG_FORMAT_MISMATCH: usage("the repository's version tags do not have the form tag.format says", 'shipver doctor --fix writes the format the tags have to shipver.yaml'),
  E_DEPLOY_CONFIG: usage('an environment has no deploy, or its deploy is configured wrongly', 'add deploy: { command: [...] } to environments.<ENV>'),
  E_DOCKER_CONFIG: usage('the Docker config (credentials) cannot be read', "check the file's permissions, or point DOCKER_CONFIG elsewhere"),
  E_DETECT_OUTSIDE_REPO: usage('a version-tool configuration points outside the repository', 'fix the path in <FILE> so that it stays inside the repository, or remove the section'),
  E_DETECT_GLOB_EMPTY: usage('a version-tool configuration names a pattern that matches no file', 'fix the pattern in <FILE>, or remove the section'),
  E_DETECT_FILE_MISSING: usage('a version-tool configuration names a file that does not exist', 'fix the path in <FILE>, or remove the section'),
  E_DETECT_DYNAMIC_VERSION: refused('pyproject.toml declares a dynamic version, so there is no version for shipver to write', 'list the file the version comes from in versionFiles'),

  // --- version files
  E_NO_VERSION_FILES: usage('a project has no version file', 'add one (package.json, __version__, setup.cfg, pyproject.toml or VERSION) or list it in versionFiles'),
  E_VERSION_FILE_MISSING: usage('a version file listed in shipver.yaml does not exist', 'create it, or fix versionFiles in shipver.yaml'),
  E_VERSION_FILE_UNREADABLE: usage('a version file cannot be read', 'check the path and permissions in shipver.yaml'),
  E_VERSION_FILE_UNSUPPORTED: usage('shipver does not know this kind of version file', 'give a search/replace pattern for it in versionFiles'),
  E_VERSION_FILE_MALFORMED: usage('a version file cannot be parsed', 'fix <FILE> by hand, then run shipver again'),
  E_VERSION_FILE_NO_VERSION: usage('a version file holds no version', 'add one, or list the file the version comes from in versionFiles'),
  E_VERSION_FILE_LAYOUT: usage('the version in a file is written in a form shipver cannot edit in place', 'write it as a plain line under its table'),
  E_VERSION_FILE_VALUE: usage('a version to write holds characters a version file cannot take', 'a version holds only letters, digits and . + ! _ -'),
  E_VERSION_PATTERN: usage('a versionFiles search/replace template uses what shipver does not support', 'mark where the version is, e.g. appVersion: "{version}"'),
  E_VERSION_PATTERN_AMBIGUOUS: usage('after writing, a search template would read a different version back', 'end the search template where the version ends'),
  E_VERSION_READ_BACK: usage('after writing, shipver would read a different version back; nothing was written', 'make the versionFiles entries for the file match only their own text'),
  E_VERSION_UNMAPPABLE: usage('a version cannot be written in the scheme of a version file (semver or PEP 440)', 'the message says which form the file takes'),
  E_PATH_OUTSIDE_REPO: usage('a version file leads outside the repository (a symlink)', 'replace the symlink with the file itself'),
  E_VERSION_FILES_DISAGREE: refused('the version files hold different versions', 'shipver doctor says which is right; shipver doctor --fix sets them when that is safe'),
  E_VERSION_HAND_EDIT: refused('a commit on a release branch changes the version by hand', 'versions change only through releases: unstage the change'),
  E_PACKAGE_JSON: refused('package.json is not valid JSON', 'fix package.json, then run shipver init again'),

  // --- release rules (guards)
  E_GUARDS: refused('several release rules are not met', 'fix each of them, then run the command again'),
  E_BRANCH: refused('releases are not made from this branch', 'merge into a release branch and release there, or add the branch to branches in shipver.yaml'),
  E_BRANCH_MAINTENANCE: refused('a maintenance branch releases patches of its line only', 'release other levels from the main release branch'),
  E_BRANCH_PRERELEASE: refused("a prerelease branch makes its own id's prereleases only", 'drop --pre, or change branches.prerelease in shipver.yaml'),
  E_DIRTY: refused('the work tree has uncommitted changes', 'commit or stash them (git stash), then release'),
  E_DETACHED_HEAD: refused('HEAD is detached, so nothing can be committed on a branch', 'check out your branch (git switch main), then run the command again'),
  E_BEHIND: refused('the branch is behind its upstream', 'git pull --rebase, check what changed, then release'),
  E_DIVERGED: refused('the branch and its upstream have diverged', 'git pull --rebase, check what changed, then release'),
  E_FETCH_FAILED: refused('fetching from the remote failed', 'check the network and your access (or release with --no-fetch)'),
  E_NO_UPSTREAM: refused('the branch has no upstream to push to', 'push it once with git push -u origin <BRANCH>, then release with --push'),
  E_NOTHING_TO_RELEASE: refused('no feat, fix, perf or breaking change since the last release', 'commit a feat/fix first, or give the level explicitly: shipver release patch'),
  E_PRERELEASE_ORDER: refused('the next prerelease would sort before the current one', 'prereleases move forward (dev < alpha < beta < rc): use a later --pre'),
  E_TAG_EXISTS: refused('the tag for this version exists already', 'release the next version with shipver release'),
  E_TAG_EXISTS_REMOTE: refused('the tag for this version exists on the remote already', 'git pull --rebase && git fetch --tags, then release again'),
  E_CHANGELOG_UNREADABLE: refused('the changelog file cannot be read', 'make it a readable file, or set changelog.file in shipver.yaml'),
  E_CHANGELOG_WRITE: refused('the changelog file cannot be written', 'check the path (changelog.file in shipver.yaml) and its permissions'),

  // --- a release running
  E_RELEASE_RUNNING: refused('another release is still running', 'wait for it to finish; if that process is not shipver, run shipver recover --force'),
  E_RELEASE_UNFINISHED: refused('a release did not finish', 'run shipver recover, then try again'),
  E_RELEASE_STEP: refused('a step of the release failed, so the release was undone', 'fix the cause shown above and release again'),
  E_WRITE_FAILED: refused('a version file could not be written, so the release was undone', 'check that <FILE> is a writable file'),
  E_INTERRUPTED: refused('the release was interrupted, so it was undone', 'run the command again when you are ready'),
  E_REMOTE_MOVED: refused('the remote got new commits or the tag while releasing, so nothing was pushed', 'git pull --rebase, check what changed, then release again'),
  E_FIX_COMMIT: refused('the commit of shipver doctor --fix failed (a hook may have refused it)', 'fix the cause shown above, then run shipver doctor --fix again'),
  E_TAG_FORMAT_UNDECIDED: refused("shipver doctor --fix cannot tell which tags are this project's releases", 'set tag.format in shipver.yaml yourself'),

  // --- version tags
  E_TAG_REFUSED: refused('a tag breaks several rules for version tags', 'the one fix shown'),
  E_TAGS_REFUSED: refused('several tags being pushed break the rules for version tags', 'fix each tag as shown, then push again'),
  E_TAG_NOT_SEMVER: refused('a tag matches the tag format but holds no valid version', 'delete it (git tag -d -- <TAG>) and release with shipver release'),
  E_TAG_TARGET: refused('a tag does not point at a commit', 'delete it (git tag -d <TAG>) and release with shipver release'),
  E_TAG_LIGHTWEIGHT: refused('a version tag is lightweight; release tags must be annotated', 'delete it and release with shipver release'),
  E_TAG_SIGNATURE: refused('the signature of a version tag does not verify', 'delete it and release with shipver release (with a key git can verify)'),
  E_TAG_FILES: refused('the version files at a tag cannot be read', 'delete the tag and release with shipver release'),
  E_TAG_MISMATCH: refused("a tag's version differs from the version files at its commit", 'delete the tag and release with shipver release'),
  E_TAG_UNMERGED: refused('a version tag is on a commit no release branch contains', 'merge its commit into a release branch, or delete the tag'),
  E_TAG_UNSAFE: refused('a tag holds characters shipver will not pass on (spaces, quotes, shell syntax)', 'deploy a version tag made by shipver release'),
  E_NOT_VERSION_TAG: refused('the tag is not a version tag of the tag format', 'ci deploy runs for version tags only'),
  E_NO_TAG: refused('the version or tag to deploy has no tag here', 'release it (shipver release), or fetch it: git fetch origin tag <TAG>'),
  E_TAG_MISSING: refused('the tag to check out exists neither in the checkout nor on its origin', 'push it from the app repository (git push origin <TAG>), or check the version'),
  E_TAG_NOT_ON_REMOTE: refused('the tag cannot be fetched from the remote', 'was it deleted? git ls-remote <REMOTE> refs/tags/<TAG>'),
  E_TAG_NOT_PUSHED: refused('the tag is not on the remote yet, so the ops script cannot fetch it', 'git push <REMOTE> <TAG>'),
  E_REMOTE_UNREACHABLE: refused('the remote cannot be asked whether it has the tag', 'check the network'),

  // --- commits and messages
  E_COMMIT_RULES: refused('the message shipver commit built breaks the commit rules; nothing was committed', 'change the answer named and run it again'),
  E_NOTHING_STAGED: refused('nothing is staged to commit', 'stage what this commit holds (git add FILE), or commit every tracked change with -a'),
  E_GIT_COMMIT: refused('git commit stopped; nothing was committed', 'fix what git said, then: shipver commit --retry'),
  E_RETRY_NOTHING: refused('there is no refused commit message to retry', 'write a new one: shipver commit'),
  E_MESSAGE_BINARY: refused('the commit message contains NUL bytes, so it is not text', 'write the message as plain UTF-8 text'),
  E_MESSAGE_ENCODING: refused('the commit message is not valid UTF-8', 'save or pipe the message as UTF-8 text'),

  // --- hooks and init
  E_HOOKS_INSTALL: refused('the git hooks could not be installed', 'run shipver init --hooks-only to see why'),
  E_HUSKY4_CONFIG: refused('a husky 4 config cannot be carried into .husky/ as it is; nothing was written', 'move the hooks into .husky/ by hand'),
  E_MAKEFILE_TARGETS: refused('the Makefile already defines the targets shipver init would add', 'rename or remove those targets, then run shipver init --makefile again'),
  E_CI_FILE_EXISTS: refused('the CI file exists and differs from what shipver writes', 'run again with --force to replace it, or merge by hand'),

  // --- deploy
  E_DEPLOY_LOCKED: refused('another deploy to the environment is running', 'wait for it (shipver deploy --follow <ENV>), then deploy again'),
  E_DEPLOY_RECORD: refused('the deploy record cannot be written', 'make the deploy directory under .git writable, then deploy again'),
  E_NO_DEPLOY: refused('no deploy is running or recorded here', 'start one: shipver deploy ENV VERSION, or push a version tag'),
  E_NO_RELEASE: refused('the project has no released version to deploy', 'release one first: shipver release'),
  E_GITOPS_FILE: refused('the gitops file does not exist in the ops repository', 'fix deploy.gitops.file in shipver.yaml'),
  E_GITOPS_RACE: refused('the ops repository kept moving: every push lost the race', 'deploy again in a moment'),

  // --- ops helpers: checkout, manifest, registry
  E_CHECKOUT_DIRTY: refused('the app checkout has local changes', 'commit, stash or discard them there first; shipver does not discard changes'),
  E_CHECKOUT_FAILED: refused('git could not check out the tag in the app checkout', 'move the files git names out of the way and run again'),
  E_MANIFEST_NO_IMAGE: refused('the manifest has no container image of that name', 'pass --image with the name of one of the images found (without its tag)'),
  E_MANIFEST_EDIT: usage('the image value in the manifest is written in a form shipver does not edit', 'write it as a plain or quoted value on one line, e.g. image: app:1.0'),
  E_MANIFEST_READ: usage('the manifest cannot be read', 'check the path'),
  E_MANIFEST_WRITE: usage('the manifest cannot be written', 'check the directory exists and is writable'),
  E_MANIFEST_YAML: usage('the manifest is not valid YAML', 'fix the YAML first'),
  E_REGISTRY: usage('asking the container registry failed', 'check the registry address and the network'),
  E_REGISTRY_AUTH: usage('the container registry denied access or its token service failed', 'check the credentials in the Docker config (docker login)'),
  E_REGISTRY_REDIRECT: usage('the registry redirects where shipver does not follow', 'only https redirects are followed (plain http with --insecure)'),
  E_REGISTRY_SERVER: usage('the registry answered with a server error', 'the registry has a problem; try again later'),
  E_REGISTRY_STATUS: usage('the registry answered with an unexpected status', 'check the image name and the registry address'),
  E_REGISTRY_TLS: usage('TLS with the registry failed', 'for a registry on plain http use --insecure'),
  E_REGISTRY_UNREACHABLE: usage('the registry cannot be reached or did not answer in time', 'check that the registry is up and reachable from here (or raise --timeout)'),

  // --- the dashboard
  E_PORT_DENIED: refused('the port needs privileges shipver does not have', 'choose a --port above 1023, or leave it out for a free one'),
  E_PORT_IN_USE: refused('the port is taken', 'choose another --port, or leave it out for a free one'),
  E_OUT_WRITE: refused('the page cannot be written', 'check the directory is writable, or write the page elsewhere with --out'),
} as const satisfies Record<`E_${string}`, CatalogEntry>;

export type ErrorCode = keyof typeof CATALOG;
/** the exit code the catalog gives a code */
export type ExitOf<C extends ErrorCode> = (typeof CATALOG)[C]['exit'];
type CodesExiting<X extends ExitCode> = { [C in ErrorCode]: ExitOf<C> extends X ? C : never }[ErrorCode];
/** the codes refusal() takes: exit 1 */
export type RefusalCode = CodesExiting<typeof ExitCode.Refused>;
/** the codes usageError() takes: exit 2 */
export type UsageCode = CodesExiting<typeof ExitCode.Usage>;
