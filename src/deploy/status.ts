// Asks an environment's status endpoint which version it runs. Never throws: an
// environment that does not answer, answers something else than JSON, or has no such
// field is reported as such.
import { toSemver } from '../version/scheme.js';
import { isValidSemver } from '../version/scheme.js';

export type StatusOutcome =
  | { state: 'ok'; raw: string; version: string }
  | { state: 'unreachable' | 'http-error' | 'not-json' | 'no-version' | 'bad-version'; detail: string; raw?: string };

/** A dotted path into a JSON value: "version", "app.version", "build.0.version". */
export function pick(value: unknown, field: string): unknown {
  let cur: unknown = value;
  for (const key of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A running version as semver, whether the app reports semver (Express) or PEP 440 (Django). */
export function normalizeRunningVersion(raw: string): string | null {
  const v = raw.trim().replace(/^v/, '');
  if (isValidSemver(v)) return v;
  try {
    return toSemver(v, 'pep440');
  } catch {
    return null;
  }
}

export async function fetchStatus(url: string, field: string, timeoutMs = 5000): Promise<StatusOutcome> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err.cause?.code ?? err.message);
    return { state: 'unreachable', detail: why };
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) return { state: 'http-error', detail: `HTTP ${res.status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'not-json', detail: `the answer is not JSON (${text.slice(0, 40).replace(/\s+/g, ' ')}${text.length > 40 ? '…' : ''})` };
  }
  const raw = pick(json, field);
  if (typeof raw !== 'string' && typeof raw !== 'number') return { state: 'no-version', detail: `no "${field}" in the answer` };
  const version = normalizeRunningVersion(String(raw));
  if (!version) return { state: 'bad-version', detail: `"${raw}" is not a version`, raw: String(raw) };
  return { state: 'ok', raw: String(raw), version };
}
