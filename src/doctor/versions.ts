// Doctor's checks of the versions: tag.format against the tags there are, the tags
// themselves, and the version files with each other and with the latest release HEAD
// contains. Each project's facts are what `--fix` (./fix.ts) needs.
import semver from '../version/semver-fns.js';
import type { Git } from '../git/git.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { selectProjects } from '../release/context.js';
import { agreedVersion, readVersionFiles, workTreeReader, type VersionFileState } from '../release/version-files.js';
import { filesTarget, latestVersionTags, readVersionTags, tagMatcher, type TagRef } from '../release/version-tags.js';
import { checkTagForms } from '../release/tag-format-infer.js';
import { FIX, fromError, plural, type Check } from './check.js';

/** What `--fix` needs to know about one project's (or one lockstep group's) versions. */
export interface VersionFacts {
  projectName: string;
  files: VersionFileState[] | null;
  latest: TagRef | null;
  /** a single other form of the version tags, to write as tag.format */
  inferFormat: string | null;
  /** the tag format cannot be settled without a person: --fix writes nothing */
  formatUndecided: string | null;
}

export async function checkVersions(root: string, config: Config, project: string | undefined, git: Git, head: string | null): Promise<{ checks: Check[]; facts: VersionFacts[] }> {
  // With a version per project ({project} in tag.format) and no --project: each of them.
  const independent = config.tag.format.includes('{project}') && config.projects.length > 1;
  const names = project || !independent ? [project] : config.projects.map((p) => p.name);
  const checks: Check[] = [];
  const facts: VersionFacts[] = [];
  for (const name of names) {
    let sel;
    try {
      sel = selectProjects(config, name);
    } catch (e) {
      checks.push(fromError('projects', e));
      continue;
    }
    const r = await checkProjectVersions(root, config, sel, git, head, names.length > 1 ? `${sel.projectName}: ` : '');
    checks.push(...r.checks);
    facts.push(r.facts);
  }
  return { checks, facts };
}

async function checkProjectVersions(
  root: string,
  config: Config,
  sel: { projects: ProjectConfig[]; projectName: string },
  git: Git,
  head: string | null,
  label: string,
): Promise<{ checks: Check[]; facts: VersionFacts }> {
  const checks: Check[] = [];
  const format = config.tag.format;
  const matcher = tagMatcher(format, sel.projectName);
  // the rule every command uses (release/version-tags.ts): the tags HEAD contains count
  const [tags, reach, names] = await Promise.all([
    readVersionTags(git, matcher),
    head ? latestVersionTags(git, format, sel.projectName) : null,
    git.tagNames(matcher.glob),
  ]);
  const latest = reach?.latest ?? null;
  const facts: VersionFacts = { projectName: sel.projectName, files: null, latest, inferFormat: null, formatUndecided: null };

  let files: VersionFileState[] | null = null;
  let filesError: unknown = null;
  try {
    files = await readVersionFiles(sel.projects, workTreeReader(root));
  } catch (e) {
    filesError = e;
  }

  // tag.format against the tags there are
  if (tags.length === 0) {
    const forms = await checkTagForms(git, root, format, files?.flatMap((f) => f.versions) ?? []);
    if (forms.kind === 'infer') {
      facts.inferFormat = forms.format;
      checks.push({ name: `${label}tag format`, status: 'fail', message: forms.message, fix: FIX });
    } else if (forms.kind === 'ambiguous') {
      facts.formatUndecided = forms.decide;
      checks.push({ name: `${label}tag format`, status: 'fail', message: forms.message, decide: forms.decide });
    } else if (forms.kind === 'unsure') {
      checks.push({ name: `${label}tag format`, status: 'warn', message: forms.message, decide: forms.decide });
    }
  }

  // the tags: old lightweight ones are history, fine as they are
  const lightweight = tags.filter((t) => !t.annotated);
  const malformed = names.filter((n) => matcher.versionOf(n) === null);
  if (tags.length) {
    const parts = [`${plural(tags.length, 'version tag')}, the latest HEAD contains is ${latest?.name ?? 'none of them'}`];
    if (lightweight.length) {
      const latestLight = latest !== null && lightweight.length < tags.length && lightweight.some((t) => t.name === latest.name);
      parts.push(
        `${lightweight.length === tags.length ? 'all' : lightweight.length} lightweight${latestLight ? ` (${latest.name} too)` : ''}: history made by hand or by another tool, fine as they are — shipver counts from them and changes none. New release tags must be annotated (shipver release makes them so): git push --follow-tags pushes only annotated tags, so a lightweight one would not reach the remote or start the deploy, and the pre-push hook refuses it`,
      );
    } else parts.push('all annotated');
    checks.push({ name: `${label}tags`, status: 'ok', message: parts.join('; ') });
  } else if (!checks.length) checks.push({ name: `${label}tags`, status: 'ok', message: 'no version tags yet' });
  if (malformed.length) checks.push({ name: `${label}tags`, status: 'warn', message: `tags that look like versions but are not semver (ignored): ${malformed.slice(0, 8).join(', ')}${malformed.length > 8 ? ' …' : ''}` });
  if (reach?.unmerged.length) {
    const shown = reach.unmerged.slice(0, 5).map((t) => t.name).join(', ');
    checks.push({
      name: `${label}unmerged tags`,
      status: 'info',
      message: `${shown}${reach.unmerged.length > 5 ? ` and ${reach.unmerged.length - 5} more` : ''}: on ${reach.unmerged.length === 1 ? 'a branch' : 'branches'} HEAD does not contain, so not counted (not the version the files should have) until merged`,
    });
  }

  // the version files, with each other and with the latest release HEAD contains
  if (!files) {
    checks.push(fromError(`${label}version files`, filesError));
    return { checks, facts };
  }
  facts.files = files;
  const target = filesTarget(
    files.flatMap((f) => f.versions),
    latest,
  );
  let version: string;
  try {
    version = agreedVersion(files);
  } catch (e) {
    const c = fromError(`${label}version files`, e);
    if (target) {
      delete c.decide;
      c.fix = FIX;
      c.message += `\n    (${FIX} sets them all to ${target}, the version of ${latest!.name}, the latest release HEAD contains)`;
    } else c.decide = `a person must decide which version is right (${latest ? `the latest release HEAD contains is ${latest.name}` : 'there is no version tag yet'}), then set the odd files to it`;
    checks.push(c);
    return { checks, facts };
  }
  const list = files.map((f) => f.file).join(', ');
  if (!latest || version === latest.version) {
    checks.push({ name: `${label}version files`, status: 'ok', message: `${list} ${files.length === 1 ? 'says' : 'agree on'} ${version}${latest ? `, the version of ${latest.name}` : ''}` });
  } else if (semver.lt(version, latest.version)) {
    checks.push({
      name: `${label}version files`,
      status: 'warn',
      message: `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, behind tag ${latest.name}, the latest release HEAD contains (tagged without committing them): next and release count from ${latest.version}, and the next release writes its version to them`,
      fix: FIX,
    });
  } else {
    const tagged = tags.some((t) => t.version === version);
    checks.push({
      name: `${label}version files`,
      status: 'warn',
      message: tagged
        ? `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, whose tag is on a commit HEAD does not contain (the latest release HEAD contains is ${latest.name})`
        : `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, which has no tag yet (the latest release HEAD contains is ${latest.name})`,
      decide: tagged ? 'a person must decide: merge the branch that released it, or leave it as it is' : `a person must decide: if HEAD is the release of ${version}, tag it with shipver tag; otherwise leave it to the next release`,
    });
  }
  return { checks, facts };
}
