// `shipver dashboard --serve`: the page on 127.0.0.1, the state re-read every interval.
// GET / is the page (its script asks for /fragment every interval and puts it in place,
// without a reload), /fragment the page's main part, /data.json the data. Only requests
// naming this server's own host are answered (no DNS rebinding). SIGINT or SIGTERM
// closes the server and the command returns 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExitCode, errnoCode, refusal } from '../errors.js';
import { colors, type Io } from '../io.js';
import type { DashboardData } from './data.js';
import { renderMain, renderPage } from './page.js';

export interface ServeOptions {
  port: number;
  intervalSeconds: number;
  gather: () => Promise<DashboardData>;
  io: Io;
}

interface Rendered {
  page: string;
  fragment: string;
  json: string;
}

function render(data: DashboardData, intervalSeconds: number): Rendered {
  return { page: renderPage(data, { live: { intervalSeconds } }), fragment: renderMain(data).value, json: JSON.stringify(data, null, 2) + '\n' };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function serveDashboard(o: ServeOptions): Promise<ExitCode> {
  const c = colors(o.io);
  let current = render(await o.gather(), o.intervalSeconds);
  let port = 0;
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(`this server answers only to 127.0.0.1:${port}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('GET only\n');
      return;
    }
    const url = (req.url ?? '/').split('?')[0];
    const body = url === '/' ? current.page : url === '/fragment' ? current.fragment : url === '/data.json' ? current.json : null;
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: / (the page), /fragment, /data.json\n');
      return;
    }
    res.writeHead(200, {
      'content-type': url === '/data.json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  try {
    port = await listen(server, o.port);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EADDRINUSE') throw refusal('E_PORT_IN_USE', `port ${o.port} on 127.0.0.1 is taken`, 'choose another --port, or leave it out for a free one');
    if (code === 'EACCES') throw refusal('E_PORT_DENIED', `port ${o.port} needs privileges shipver does not have`, 'choose a --port above 1023, or leave it out for a free one');
    throw e;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const refresh = async (): Promise<void> => {
    try {
      const data = await o.gather();
      if (!stopped) current = render(data, o.intervalSeconds);
    } catch (e) {
      // keep serving what was read last; say why this round failed
      o.io.stderr(`${c.yellow('⚠')} could not re-read the state: ${(e as Error).message}\n`);
    } finally {
      if (!stopped) timer = setTimeout(() => void refresh(), o.intervalSeconds * 1000);
    }
  };
  timer = setTimeout(() => void refresh(), o.intervalSeconds * 1000);

  o.io.stdout(`serving the dashboard at http://127.0.0.1:${port}/\n`);
  o.io.stderr(c.dim(`re-reading every ${o.intervalSeconds} s; Ctrl-C stops\n`));

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stopped = true;
      if (timer) clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  o.io.stderr('stopped\n');
  return ExitCode.Ok;
}
