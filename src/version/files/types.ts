// The contract every version-file format implements: pure string in, string out.

import type { VersionScheme } from '../scheme.js';

/** A version file as shipver.yaml names it: a known format (by its name), or a search/replace pattern. */
export type VersionFileSpec = { kind: 'auto'; file: string } | { kind: 'pattern'; file: string; search: string; replace: string; scheme: VersionScheme };

/** One place a file holds the version. start/end are offsets of the raw version text. */
export interface Occurrence {
  /** where it is, for messages: 'version', 'packages[""].version', '[bumpversion] current_version' */
  key: string;
  /** the version as written in the file (file scheme, not yet normalised) */
  value: string;
  start: number;
  end: number;
}

export interface VersionFileAdapter {
  id: string;
  scheme: VersionScheme;
  /** by path name only */
  matches(file: string): boolean;
  /** [] when the file holds no version; throws ShipverError (exit 2) naming the file when it is malformed */
  read(text: string, file: string): Occurrence[];
  /** replaces every occurrence with value (already in the file's scheme); every other byte is kept */
  write(text: string, value: string, file: string): string;
  /**
   * true when a write may leave the version in fewer or more places than it read (a
   * pattern whose replace text differs from its search); otherwise what is written reads
   * back in as many places as before (checked in release/version-files.ts)
   */
  placesMayChange?: boolean;
}
