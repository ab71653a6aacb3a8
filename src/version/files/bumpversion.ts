// Reads a bump2version configuration ([bumpversion] in setup.cfg or .bumpversion.cfg) so a repo
// set up for bump2version works with no shipver.yaml. shipver computes versions itself (semver,
// PEP 440 pre-releases), so bump2version's own version grammar (parts, parse, serialize) is not
// emulated: such settings are reported as unsupported, with the reason, and otherwise ignored.

import type { VersionFileSpec } from '../../config/types.js';
import { isShipverError } from '../../errors.js';
import { adapterByName } from './index.js';
import { parseIni, type IniSection } from './ini.js';
import { patternAdapter } from './pattern.js';

export interface BumpversionConfig {
  currentVersion: string | null;
  /** the files bump2version edits, paths as written (relative to the config's directory) */
  files: VersionFileSpec[];
  unsupported: Array<{ section: string; reason: string }>;
}

const DEFAULT_SEARCH = '{current_version}';
const DEFAULT_REPLACE = '{new_version}';
// What bump2version uses when nothing is configured: equivalent to shipver's X.Y.Z.
const DEFAULT_PARSE = String.raw`(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)`;
const DEFAULT_SERIALIZE = '{major}.{minor}.{patch}';
const SECTION = /^bumpversion:(file|glob|part)(?:\([^)]*\))?:(.+)$/;

const PARSE_REASON =
  'custom parse/serialize is not supported: shipver writes X.Y.Z and PEP 440 / semver pre-releases (use `shipver release --pre beta`)';

/** null when the text has no bump2version configuration. */
export function parseBumpversion(text: string, file: string): BumpversionConfig | null {
  const sections = parseIni(text, file);
  const main = sections.find((s) => s.name === 'bumpversion');
  if (!main && !sections.some((s) => SECTION.test(s.name))) return null;
  const get = (s: IniSection | undefined, key: string): string | undefined => s?.entries.findLast((e) => e.key === key)?.value;
  const config: BumpversionConfig = { currentVersion: get(main, 'current_version') ?? null, files: [], unsupported: [] };
  const unsupported = (section: string, reason: string): void => void config.unsupported.push({ section, reason });

  const parse = get(main, 'parse');
  const serialize = get(main, 'serialize');
  if ((parse !== undefined && parse !== DEFAULT_PARSE) || (serialize !== undefined && serialize !== DEFAULT_SERIALIZE)) {
    unsupported('[bumpversion]', PARSE_REASON);
  }
  const defaults = { search: get(main, 'search') ?? DEFAULT_SEARCH, replace: get(main, 'replace') ?? DEFAULT_REPLACE };

  const addFile = (section: string, path: string, search: string, replace: string): void => {
    const rel = path.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    // Only a default search/replace may go to the format's adapter: a custom one targets a
    // particular spot, which the pattern keeps.
    if (search === DEFAULT_SEARCH && replace === DEFAULT_REPLACE && adapterByName(rel)) {
      config.files.push({ kind: 'auto', file: rel });
      return;
    }
    const spec = { kind: 'pattern' as const, file: rel, search, replace, scheme: 'pep440' as const };
    try {
      patternAdapter(spec);
      config.files.push(spec);
    } catch (e) {
      if (!isShipverError(e)) throw e;
      unsupported(section, `${e.message} ${e.hint ?? ''}`.trim());
    }
  };

  // The pre-0.5 spelling: `files = a.py b.py`, each with the default search/replace.
  for (const f of get(main, 'files')?.split(/\s+/).filter(Boolean) ?? []) addFile('[bumpversion] files', f, defaults.search, defaults.replace);

  for (const s of sections) {
    const m = SECTION.exec(s.name);
    if (!m) continue;
    const label = `[${s.name}]`;
    if (m[1] === 'part') {
      unsupported(label, 'custom version parts are not supported: shipver infers major/minor/patch from commits and names pre-releases with --pre');
    } else if (m[1] === 'glob') {
      unsupported(label, 'glob sections are not expanded: list the files as [bumpversion:file:PATH] or in shipver.yaml');
    } else {
      if (get(s, 'parse') !== undefined || get(s, 'serialize') !== undefined) unsupported(label, PARSE_REASON);
      addFile(label, m[2]!, get(s, 'search') ?? defaults.search, get(s, 'replace') ?? defaults.replace);
    }
  }
  return config;
}

/** The version files a bump2version config lists ([] when there is none). */
export function bumpversionFiles(text: string, file: string): VersionFileSpec[] {
  return parseBumpversion(text, file)?.files ?? [];
}
