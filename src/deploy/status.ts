// Asks an environment's status endpoint which version it runs. Never throws: an
// environment that does not answer, answers something else than JSON, or has no such
// field is reported as such. What the answer says is shown without control characters:
// a terminal prints the detail.
import { isValidSemver, toSemver } from '../version/scheme.js';
import { oneLine } from './notice.js';

export type StatusOutcome =
  | { state: 'ok'; raw: string; version: string }
  | { state: 'unreachable' | 'http-error' | 'too-large' | 'not-json' | 'no-version' | 'bad-version'; detail: string; raw?: string };

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

/** A status answer larger than this is not read to the end (a misrouted URL serving a download, a hostile server). */
export const MAX_STATUS_BYTES = 1024 * 1024;

/** The body as text, or null when it is larger than max bytes (reading stops there). */
async function readCapped(res: Response, max: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function fetchStatus(url: string, field: string, timeoutMs = 5000): Promise<StatusOutcome> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { state: 'unreachable', detail: why };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return { state: 'http-error', detail: `HTTP ${res.status}` };
  }
  let text: string | null;
  try {
    text = await readCapped(res, MAX_STATUS_BYTES);
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { state: 'unreachable', detail: err.name === 'TimeoutError' ? `the answer did not arrive whole within ${timeoutMs / 1000} s` : `the answer broke off (${err.cause?.code ?? err.message})` };
  }
  if (text === null) return { state: 'too-large', detail: `the answer is larger than ${MAX_STATUS_BYTES / 1024 / 1024} MiB (a status answer is a small JSON object)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'not-json', detail: `the answer is not JSON (${oneLine(text.slice(0, 40))}${text.length > 40 ? '…' : ''})` };
  }
  const raw = pick(json, field);
  if (typeof raw !== 'string' && typeof raw !== 'number') return { state: 'no-version', detail: `no "${field}" in the answer` };
  const version = normalizeRunningVersion(String(raw));
  const shown = oneLine(String(raw).length > 80 ? `${String(raw).slice(0, 80)}…` : String(raw));
  if (!version) return { state: 'bad-version', detail: `"${shown}" is not a version`, raw: shown };
  return { state: 'ok', raw: String(raw), version };
}
