// The version-file formats shipver knows by name, written once. Each adapter takes its id,
// scheme and file names from here (named()); detection (config/detect/), init's scan, the
// pre-commit hook and every message that lists the formats derive from this list.
// A new format: docs/architecture.md, "A new version-file format".
// Imports nothing: the schemes (../scheme.ts) and the adapters import it.

/** The version schemes (../scheme.ts VersionScheme). */
type VersionScheme = 'semver' | 'pep440';

export interface VersionFileFormat {
  id: string;
  scheme: VersionScheme;
  /** the file names it is chosen by; "*.py" stands for any name ending in .py */
  names: readonly string[];
  /** how an error lists it; default: its names */
  listed?: string;
  /** how a hint suggests adding one ("a Python __version__"); unset: not suggested */
  suggested?: string;
}

/** In the order messages list them and detection reads a directory (the Python modules in their slot). */
export const FORMATS = [
  { id: 'package-json', scheme: 'semver', names: ['package.json'], suggested: 'package.json' },
  { id: 'package-lock', scheme: 'semver', names: ['package-lock.json', 'npm-shrinkwrap.json'] },
  { id: 'python-module', scheme: 'pep440', names: ['*.py'], listed: '*.py (__version__ = "...")', suggested: 'a Python __version__' },
  { id: 'setup-cfg', scheme: 'pep440', names: ['setup.cfg', '.bumpversion.cfg'], suggested: 'setup.cfg' },
  { id: 'pyproject', scheme: 'pep440', names: ['pyproject.toml'], suggested: 'pyproject.toml' },
  { id: 'plain', scheme: 'semver', names: ['VERSION'], suggested: 'VERSION' },
] as const satisfies readonly VersionFileFormat[];

export type FormatId = (typeof FORMATS)[number]['id'];

const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
const isWildcard = (name: string): boolean => name.startsWith('*');

/** Whether a path has one of these names ("*.py": any name ending in .py). */
export function hasName(names: readonly string[], file: string): boolean {
  return names.some((n) => (isWildcard(n) ? file.endsWith(n.slice(1)) : baseName(file) === n));
}

/** The file names of one format. */
export const namesOf = (id: FormatId): readonly string[] => FORMATS.find((f) => f.id === id)!.names;

/** An adapter's id, scheme and matches(), from its format. */
export function named(id: FormatId): { id: FormatId; scheme: VersionScheme; matches: (file: string) => boolean } {
  const f: VersionFileFormat = FORMATS.find((x) => x.id === id)!;
  return { id, scheme: f.scheme, matches: (file) => hasName(f.names, file) };
}

/** The exact file names of the formats (no wildcard), in the list's order. */
export const exactNames = (formats: readonly VersionFileFormat[] = FORMATS): string[] => formats.flatMap((f) => f.names.filter((n) => !isWildcard(n)));

/** "package.json, package-lock.json, …, VERSION": what an error for an unknown version file lists. */
export const SUPPORTED_FORMATS = FORMATS.map((f: VersionFileFormat) => f.listed ?? f.names.join(', ')).join(', ');

/** "package.json, a Python __version__, setup.cfg, pyproject.toml or VERSION": what a hint suggests adding. */
export const SUGGESTED_FORMATS = ((s: string[]) => `${s.slice(0, -1).join(', ')} or ${s.at(-1)}`)(FORMATS.flatMap((f: VersionFileFormat) => (f.suggested ? [f.suggested] : [])));

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A path that some format may be, by its name alone (the pre-commit hook's first filter). */
export const VERSION_FILE_NAME = new RegExp(`(^|/)(${FORMATS.flatMap((f) => f.names.map((n) => (isWildcard(n) ? `[^/]+${escapeRegExp(n.slice(1))}` : escapeRegExp(n)))).join('|')})$`);
