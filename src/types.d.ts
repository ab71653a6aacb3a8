// The conventionalcommits preset ships without type declarations.
declare module 'conventional-changelog-conventionalcommits' {
  import type { ParserOptions } from 'conventional-commits-parser';
  export interface PresetType { type: string; section?: string; hidden?: boolean; scope?: string }
  export const DEFAULT_COMMIT_TYPES: readonly PresetType[];
  const createPreset: (config?: Record<string, unknown>) => {
    parser: ParserOptions;
    writer: Record<string, unknown>;
    whatBump: (commits: unknown[]) => { level: 0 | 1 | 2; reason: string } | null;
    commits: Record<string, unknown>;
  };
  export default createPreset;
}
