// Types for scripts/errors-doc.mjs, for test/errors-catalog.test.ts.
import type { CatalogEntry } from '../src/errors/catalog.ts';

export const BEGIN: string;
export const END: string;
export const DOC: string;
export function renderTable(catalog: Record<string, CatalogEntry>): string;
export function withTable(page: string, table: string): string;
export function loadCatalog(): Promise<Record<string, CatalogEntry>>;
