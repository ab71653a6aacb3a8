// What a status endpoint answers reaches the terminal (`shipver envs`): a hostile or broken
// server's escape sequences must not.
import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchStatus } from '../../src/deploy/status.js';

const ESC = '\u001b';
const answers: Record<string, string> = {
  '/html': `${ESC}]0;owned${ESC}\\${ESC}[2J<html>\n  <body>`,
  '/version': JSON.stringify({ version: `${ESC}[31mnine${ESC}[0m` }),
};
const server = http.createServer((req, res) => res.end(answers[req.url ?? ''] ?? ''));
const base = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchStatus shows what the answer says without control characters', () => {
  it('in the excerpt of an answer that is not JSON', async () => {
    const out = await fetchStatus(`${await base}/html`, 'version');
    expect(out.state).toBe('not-json');
    expect(out).toMatchObject({ detail: expect.not.stringMatching(/[\u0000-\u001f\u007f]/) });
    expect((out as { detail: string }).detail).toContain('<html> <body>');
  });

  it('in a version field that is not a version', async () => {
    const out = await fetchStatus(`${await base}/version`, 'version');
    expect(out.state).toBe('bad-version');
    const { detail, raw } = out as { detail: string; raw: string };
    expect(detail).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(raw).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(detail).toContain('nine');
  });
});
