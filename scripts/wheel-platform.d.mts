// Types of scripts/wheel-platform.mjs, for the tests.
export interface ManylinuxLevel {
  glibc: string;
  GLIBCXX: string;
  CXXABI: string;
  GCC: string;
}
export const MANYLINUX: ManylinuxLevel[];
export const MANYLINUX_LIBS: Set<string>;
export interface ElfNeeds {
  machine: string;
  needed: string[];
  /** per family (GLIBC, GLIBCXX, CXXABI, GCC...; `other`: versions without a number), oldest first */
  versions: Record<string, string[]>;
}
export function compareDotted(a: string, b: string): -1 | 0 | 1;
export function elfNeeds(buf: Buffer): ElfNeeds;
export function newest(needs: ElfNeeds, family: string): string | null;
export function manylinuxTag(needs: ElfNeeds): string;
export function platformTag(opts: { platform?: string; arch?: string; file?: string }): string;
