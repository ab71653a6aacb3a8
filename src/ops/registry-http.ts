// The registry's HTTP: one request with a deadline, redirects followed (https only, plain
// http when allowed), and the errors a person can act on (unreachable, TLS, a status).
import http from 'node:http';
import https from 'node:https';
import { ExitCode, ShipverError, errnoCode } from '../errors.js';
import { isLoopbackHost, shortPrintable } from './image-ref.js';

const USER_AGENT = 'shipver (ops image-exists)';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestSpec {
  url: URL;
  method: 'HEAD' | 'GET';
  headers: Record<string, string>;
  deadline: number;
  timeoutMs: number;
}

const TLS_CODES = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$|ERR_OSSL)/;

function request(spec: RequestSpec): Promise<Response> {
  const remaining = spec.deadline - Date.now();
  if (remaining <= 0) return Promise.reject(timeoutError(spec.url, spec.timeoutMs));
  const mod = spec.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(spec.url, { method: spec.method, headers: { 'User-Agent': USER_AGENT, ...spec.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= 1024 * 1024) chunks.push(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => reject(connectError(spec.url, e)));
    });
    const timer = setTimeout(() => req.destroy(timeoutError(spec.url, spec.timeoutMs)), remaining);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof ShipverError ? e : connectError(spec.url, e));
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

function timeoutError(url: URL, timeoutMs: number): ShipverError {
  return new ShipverError('E_REGISTRY_UNREACHABLE', `${url.host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, {
    exitCode: ExitCode.Usage,
    hint: 'check that the registry is up and reachable from here (or raise --timeout)',
  });
}

function connectError(url: URL, e: unknown): ShipverError {
  const code = errnoCode(e) ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  if (TLS_CODES.test(code)) {
    return new ShipverError('E_REGISTRY_TLS', `TLS with ${url.host} failed: ${msg}`, {
      exitCode: ExitCode.Usage,
      hint: "the registry's certificate did not verify, or it does not speak TLS: for a registry on plain http use --insecure",
    });
  }
  const what =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ECONNRESET' ? 'connection reset'
    : msg;
  const httpsToHttp = url.protocol === 'https:' && (code === 'ECONNRESET' || /wrong version number|packet length too long/i.test(msg));
  return new ShipverError('E_REGISTRY_UNREACHABLE', `cannot reach the registry at ${url.protocol}//${url.host}: ${what}`, {
    exitCode: ExitCode.Usage,
    hint: httpsToHttp
      ? 'the registry may speak plain http: use --insecure'
      : 'check the registry host and port, and that the registry is running',
  });
}

/** GET/HEAD following up to 5 redirects; Authorization is dropped when a redirect leaves the origin. */
export async function send(spec: RequestSpec, allowHttp: boolean): Promise<Response> {
  let current = spec;
  for (let hop = 0; ; hop++) {
    const res = await request(current);
    if (![301, 302, 303, 307, 308].includes(res.status) || typeof res.headers.location !== 'string') return res;
    if (hop >= 5) throw statusError(current.url, res, 'redirects too often');
    const next = new URL(res.headers.location, current.url);
    if (next.protocol !== 'https:' && !(next.protocol === 'http:' && (allowHttp || isLoopbackHost(next.host)))) {
      throw new ShipverError('E_REGISTRY_REDIRECT', `${current.url.host} redirects to ${next.protocol}//${next.host}, which shipver does not follow`, {
        exitCode: ExitCode.Usage,
        hint: 'only https redirects are followed (plain http with --insecure)',
      });
    }
    const headers = { ...current.headers };
    if (next.origin !== current.url.origin) delete headers.Authorization;
    current = { ...current, url: next, method: res.status === 303 ? 'GET' : current.method, headers };
  }
}

/** The registry's own error text (JSON `errors[].message` or the start of the body). */
export function registryMessage(body: string): string {
  if (!body) return '';
  try {
    const j = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }>; error?: string; details?: string };
    if (Array.isArray(j.errors) && j.errors.length) {
      return j.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ').slice(0, 300);
    }
    if (typeof j.error === 'string') return [j.error, j.details].filter(Boolean).join(': ').slice(0, 300);
  } catch {
    /* not JSON */
  }
  return shortPrintable(body.trim().replace(/\s+/g, ' '));
}

export function statusError(url: URL, res: Response, what?: string): ShipverError {
  const said = registryMessage(res.body);
  const server = res.status >= 500;
  return new ShipverError(
    server ? 'E_REGISTRY_SERVER' : 'E_REGISTRY_STATUS',
    `${url.host} answered ${res.status}${what ? ` (${what})` : ''}${said ? `: ${said}` : ''}`,
    {
      exitCode: ExitCode.Usage,
      hint: server ? 'the registry has a problem; try again later' : 'check the image name and the registry address',
    },
  );
}
