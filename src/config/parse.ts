// shipver.yaml: validated against the schema on the YAML syntax tree, so every problem
// names the file, the line and the key, then handed to buildConfig for defaults and the
// cross-field rules.
import { validateYaml, type Schema, type SchemaIssue } from './schema.js';
import type { Config } from './types.js';
import { usageError } from '../errors.js';
import { buildConfig, configProblems, CONFIG_FILE, type Written } from './defaults.js';

const str: Schema = { kind: 'string' };
const strList: Schema = { kind: 'array', items: str };
const level: Schema = { kind: 'string', enum: ['major', 'minor', 'patch', 'none'] };
const name: Schema = {
  kind: 'string',
  check: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) ? null : `"${v}" is not a valid name (letters, digits, ".", "_", "-")`),
};
const template = (...allowed: string[]): Schema => ({
  kind: 'string',
  check: (v) => {
    const unknown = [...v.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !allowed.includes(p));
    return unknown.length ? `unknown placeholder {${unknown[0]}} (known: ${allowed.map((a) => `{${a}}`).join(', ')})` : null;
  },
});

const versionFile: Schema = {
  kind: 'oneOf',
  describe: 'a file path, or a mapping { file, search, replace }',
  options: [
    str,
    {
      kind: 'object',
      keys: {
        file: str,
        search: str,
        replace: str,
        scheme: { kind: 'string', enum: ['semver', 'pep440'] },
      },
      required: ['file'],
    },
  ],
};

const statusEntry: Schema = {
  kind: 'object',
  keys: { url: str, field: str, project: name },
  required: ['url'],
};

export const SHIPVER_SCHEMA: Schema = {
  kind: 'object',
  keys: {
    branches: {
      kind: 'object',
      keys: {
        release: strList,
        maintenance: strList,
        prerelease: {
          kind: 'map',
          values: { kind: 'string', check: (v) => (/^[0-9A-Za-z-]+$/.test(v) ? null : `"${v}" is not a valid prerelease id`) },
        },
      },
    },
    tag: {
      kind: 'object',
      keys: { format: template('version', 'project'), sign: { kind: 'boolean' } },
    },
    commit: { kind: 'object', keys: { message: template('version', 'project', 'tag') } },
    changelog: {
      kind: 'object',
      keys: {
        file: str,
        types: {
          kind: 'array',
          items: {
            kind: 'oneOf',
            describe: 'a commit type, or { type, section, hidden }',
            options: [str, { kind: 'object', keys: { type: str, section: str, hidden: { kind: 'boolean' } }, required: ['type'] }],
          },
        },
        collapsePrereleases: { kind: 'boolean' },
        emptySections: { kind: 'boolean' },
      },
    },
    bump: {
      kind: 'object',
      keys: {
        types: { kind: 'map', values: level },
        breakingPreMajor: { kind: 'string', enum: ['major', 'minor'] },
      },
    },
    projects: {
      kind: 'array',
      minItems: 1,
      items: {
        kind: 'object',
        keys: {
          name,
          paths: strList,
          versionFiles: { kind: 'array', items: versionFile },
          changelog: str,
        },
        required: ['name'],
      },
    },
    environments: {
      kind: 'map',
      keyCheck: (k) => (/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(k) ? null : `"${k}" is not a valid environment name`),
      values: {
        kind: 'object',
        keys: {
          deploy: {
            kind: 'object',
            keys: {
              command: { kind: 'array', items: template('version', 'tag', 'project', 'env'), minItems: 1 },
              gitops: {
                kind: 'object',
                keys: { repo: str, file: str, image: str, branch: str },
                required: ['repo', 'file', 'image'],
              },
              cwd: str,
              on: {
                kind: 'oneOf',
                describe: '"release", "prerelease" or a list of them',
                options: [
                  { kind: 'string', enum: ['release', 'prerelease'] },
                  { kind: 'array', items: { kind: 'string', enum: ['release', 'prerelease'] } },
                ],
              },
              projects: { kind: 'array', items: name },
              // seconds; a timer cannot wait longer than 2^31 ms
              timeout: { kind: 'number', min: 1, max: 2_000_000 },
            },
          },
          status: {
            kind: 'oneOf',
            describe: 'a URL, { url, field, project } or a list of those',
            options: [str, statusEntry, { kind: 'array', items: { kind: 'oneOf', describe: 'a URL or { url, field, project }', options: [str, statusEntry] } }],
          },
        },
      },
    },
    deploy: { kind: 'object', keys: { waitSeconds: { kind: 'number', min: 0, max: 2_000_000 } } },
    dashboard: {
      kind: 'object',
      keys: {
        // the app repositories `shipver dashboard` covers, relative to this repository's root
        repos: { kind: 'array', items: { kind: 'string', check: (v) => (v.trim() ? null : 'a repository path cannot be empty') } },
      },
    },
  },
};


function issueToString(file: string, i: SchemaIssue): string {
  return `${i.message} at ${file}:${i.line}${i.hint ? ` — ${i.hint}` : ''}`;
}

/** Pure: validates text and builds the Config. Throws one usage error listing every problem. */
export function parseConfig(text: string, opts: { file: string | null; root: string; displayName?: string }): Config {
  const shown = opts.displayName ?? CONFIG_FILE;
  const res = validateYaml(text, SHIPVER_SCHEMA);
  if (res.syntaxError) {
    const e = res.syntaxError;
    throw usageError('E_CONFIG_SYNTAX', `${shown} is not valid YAML: ${e.message} at ${shown}:${e.line}:${e.column}`, `fix the YAML at line ${e.line}, or delete ${shown} to use the defaults`);
  }
  const problems = res.issues.map((i) => issueToString(shown, i));
  // Cross-field rules only make sense on a well-typed document.
  if (problems.length) throw configProblems(shown, problems);
  return buildConfig((res.value ?? {}) as Written, opts);
}
