// Turns lint results into what a person reads: the rule, the offending line, and an
// example of a valid message. Pure.
import type { Colors } from '../io.js';
import type { LintResult, LintSetup } from './lint.js';

const EXAMPLE = 'feat(api): add the version to the status endpoint';

function typesOf(setup: LintSetup): string[] | null {
  const rule = (setup.rules as Record<string, unknown>)['type-enum'];
  if (Array.isArray(rule) && rule[0] !== 0 && rule[1] !== 'never' && Array.isArray(rule[2])) return rule[2] as string[];
  return null;
}

/** The line of the message a rule is about. */
export function offendingLine(message: string, rule: string): string {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const header = lines[0] ?? '';
  const limit = /max-line-length$/.test(rule);
  if (limit) {
    const longest = lines.slice(1).reduce((a, b) => (b.length > a.length ? b : a), '');
    return longest;
  }
  if (rule.startsWith('body') || rule.startsWith('footer')) {
    return lines.slice(1).find((l) => l.trim() !== '') ?? '';
  }
  return header;
}

function clip(s: string, n = 100): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * How to write a valid message: an example, the allowed types and where the rules come
 * from. Once per report: under a single message, or at the end of a range (lint --from).
 */
export function formatLintHint(c: Colors, setup: LintSetup): string {
  const out: string[] = [];
  // the team's rules may refuse the default example (sentence-case subjects): theirs, or none
  const example = setup.example === undefined ? EXAMPLE : setup.example;
  if (example) out.push(`${c.dim('→')} a valid message looks like: ${c.cyan(example)}`);
  const types = typesOf(setup);
  if (types) out.push(`  types: ${types.join(', ')}; add "!" after the type for a breaking change`);
  if (setup.source) out.push(c.dim(`  rules from ${setup.source}`));
  return out.join('\n') + '\n';
}

/** A message's result for a person, with the how-to (formatLintHint). */
export function formatLintReport(c: Colors, message: string, result: LintResult, setup: LintSetup, label?: string): string {
  const out: string[] = [];
  if (result.ignored) {
    out.push(`${c.dim('○')} ${label ? `${label} ` : ''}ignored (${c.dim('merge, revert, fixup! or a release commit: not linted')})`);
    return out.join('\n') + '\n';
  }
  if (result.valid) {
    out.push(`${c.green('✔')} ${label ? `${label} ` : ''}${clip(message.split('\n')[0] ?? '')}`);
    for (const w of result.warnings) out.push(`  ${c.yellow('⚠')} ${w.message} ${c.dim(`[${w.rule}]`)}`);
    return out.join('\n') + '\n';
  }
  const n = result.errors.length;
  out.push(`${c.red(c.bold('✖'))} ${label ? `${label}: ` : ''}commit message rejected (${n} problem${n === 1 ? '' : 's'})`);
  const shownLines = new Set<string>();
  for (const e of result.errors) {
    const line = offendingLine(message, e.rule);
    const key = `${line}`;
    if (!shownLines.has(key)) {
      out.push(`  ${c.dim('│')} ${line === '' ? c.dim('(empty)') : clip(line)}`);
      shownLines.add(key);
    }
    out.push(`  ${c.red('✖')} ${e.message} ${c.dim(`[${e.rule}]`)}`);
  }
  for (const w of result.warnings) out.push(`  ${c.yellow('⚠')} ${w.message} ${c.dim(`[${w.rule}]`)}`);
  return out.join('\n') + '\n' + formatLintHint(c, setup);
}
