// Commit message linting with commitlint's own lint + is-ignored, on a message and a set
// of rules (strings in, data out). Which rules a repository has is config/commitlint.ts.
// This module is on the commit-msg hook's path: it imports only what linting needs.
import commitlintLint from '@commitlint/lint';
import isIgnored from '@commitlint/is-ignored';
import configConventional from '@commitlint/config-conventional';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { LintOptions, QualifiedRules } from '@commitlint/types';
import './parser-guard.js';

export interface RuleFinding {
  rule: string;
  message: string;
}

export interface LintResult {
  valid: boolean;
  ignored: boolean;
  errors: RuleFinding[];
  warnings: RuleFinding[];
}

export interface LintSetup {
  rules: QualifiedRules;
  opts: LintOptions;
  /** the config file the rules came from; null for the built-in config-conventional */
  source: string | null;
  helpUrl?: string;
  /** a message these rules accept, to show next to a refusal (set by lintMessage on the first refusal; null: none of the candidates passes) */
  example?: string | null;
}

/** What a refusal shows as a valid message: the first of these that the rules accept. */
export const EXAMPLE_CANDIDATES = [
  'feat(api): add the version to the status endpoint',
  'feat(api): Add the version to the status endpoint',
  'feat: add the version to the status endpoint',
  'feat: Add the version to the status endpoint',
];

/** config-conventional with the conventionalcommits parser options, as commitlint's loader would resolve it. */
export function defaultSetup(): LintSetup {
  return {
    rules: configConventional.rules as QualifiedRules,
    opts: { parserOpts: createPreset().parser, defaultIgnores: true, ignores: [] },
    source: null,
  };
}

export async function lintMessage(message: string, setup: LintSetup): Promise<LintResult> {
  // commitlint calls "" valid ("nothing to lint") and throws on a message of only whitespace;
  // git refuses both, and so does shipver.
  if (message.trim() === '') {
    return { valid: false, ignored: false, errors: [{ rule: 'message-empty', message: 'the commit message is empty' }], warnings: [] };
  }
  let r;
  try {
    r = await commitlintLint(message, setup.rules, setup.opts);
  } catch (e) {
    // Thousands of BREAKING CHANGE lines make the parser recurse past the stack. (commitlint
    // also throws RangeError for unknown rule names: that one is a config error, rethrown.)
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { valid: false, ignored: false, errors: [{ rule: 'shipver-unparseable', message: 'the message is too deeply structured for the commit parser (thousands of note lines?); shorten it' }], warnings: [] };
    }
    throw e;
  }
  // a team's rules (sentence-case subjects, no scopes) may refuse the usual example: find one they accept
  if (!r.valid && setup.example === undefined) {
    setup.example = null;
    for (const candidate of EXAMPLE_CANDIDATES) {
      if ((await commitlintLint(candidate, setup.rules, setup.opts)).valid) {
        setup.example = candidate;
        break;
      }
    }
  }
  const { valid, errors, warnings } = r;
  let ignored: boolean | undefined;
  return {
    valid,
    // commitlint's lint() asks is-ignored first and answers an ignored message with a valid,
    // empty result: only such a result asks it again, and only when read (the hook reads it
    // only to report a refusal; a second run of its regular expressions costs ~0.5 ms)
    get ignored() {
      return (ignored ??= valid && errors.length === 0 && warnings.length === 0 && isIgnored(message, { defaults: setup.opts.defaultIgnores, ignores: setup.opts.ignores }));
    },
    errors: errors.map((e) => ({ rule: e.name, message: e.message })),
    warnings: warnings.map((w) => ({ rule: w.name, message: w.message })),
  };
}
