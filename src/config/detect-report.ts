// `shipver init`'s view of a repository before it writes anything: the projects it proposes,
// the tag format the history uses, every candidate version file with the line it was read
// from (and, for each one not used, why), what it could not classify, and what stops it.
import { printable } from '../text.js';
import type { Git } from '../git/git.js';
import type { Colors, Io } from '../io.js';
import { problemError, where } from './detect/problem.js';
import { SUGGESTED_FORMATS } from '../version/files/formats.js';
import { proposeFromScan, type InitProposal } from './propose.js';

/** The proposal for the repository at `root`, with its tags (none in a repository without commits). */
export async function proposeForInit(root: string, git: Git, rootName: string): Promise<InitProposal> {
  const head = await git.head();
  const tags = await git.tagsWithDates(head ? 'HEAD' : null);
  return proposeFromScan(root, rootName, tags);
}

/** What stops init: every problem at once, exit 2 for a configuration, 1 for the repository's state. */
export function assertNoProblems(proposal: InitProposal): void {
  const [first, ...more] = proposal.report.problems;
  if (first) throw problemError(first, more);
}

/** File names, contents and tag names shown as text: control characters (terminal escapes) become "?". */
const shown = (s: string): string => printable(s, { lines: true });

/**
 * Prints the proposal to stderr. `full` (init --dry-run) lists every candidate; otherwise the
 * projects, the tag format and the count of what is not used, with where to see it.
 */
export function printDetection(io: Io, c: Colors, proposal: InitProposal, full: boolean): void {
  const { projects, report } = proposal;
  const out = (line: string) => io.stderr(`${line}\n`);
  if (projects.length) {
    for (const p of projects) {
      out(`${c.cyan('●')} ${p.name} (${p.ecosystem}): ${p.versionFiles.map((f) => f.file).filter((f, i, all) => all.indexOf(f) === i).map(shown).join(', ')}`);
      const versions = [...new Set(report.candidates.filter((x) => x.project === p.name && x.version !== null).map((x) => x.version!))];
      if (versions.length > 1) out(`  ${c.yellow('⚠')} its version files disagree (${versions.map(shown).join(' vs ')}): set them to one version before the first release; shipver doctor shows each file`);
    }
  } else {
    out(`${c.yellow('⚠')} no version file found (${SUGGESTED_FORMATS})`);
  }
  const t = report.tagFormat;
  out(
    t.source === 'history'
      ? `  tag format ${t.format}: taken from the history (${t.count} tag${t.count === 1 ? '' : 's'}, the newest ${shown(t.example ?? '')})`
      : `  tag format ${t.format}: no version tag in the history yet`,
  );
  const used = report.candidates.filter((x) => x.reason === null);
  const unused = report.candidates.filter((x) => x.reason !== null);
  if (full) {
    if (used.length) out('found:');
    for (const x of used) out(`  ${c.green('✔')} ${shown(where(x.file, x.line))}  ${shown(x.text)}${x.via ? c.dim(`  (${shown(x.via)})`) : ''}${x.project ? ` → ${x.project}` : ''}`);
    if (unused.length) out('not used:');
    for (const x of unused) out(`  ${c.yellow('✖')} ${shown(where(x.file, x.line))}${x.text ? `  ${shown(x.text)}` : ''}: ${shown(x.reason ?? '')}`);
    if (report.unclassified.length) out('not classified:');
    for (const u of report.unclassified) out(`  ${c.yellow('?')} ${shown(where(u.file, u.line))}: ${shown(u.reason)}`);
  } else if (unused.length || report.unclassified.length) {
    const parts = [unused.length ? `${unused.length} candidate${unused.length === 1 ? '' : 's'} not used` : '', report.unclassified.length ? `${report.unclassified.length} thing${report.unclassified.length === 1 ? '' : 's'} not classified` : ''].filter(Boolean);
    out(`  ${c.dim(`${parts.join(', ')}: shipver init --dry-run lists them with the reasons`)}`);
  }
}
