// init shows what it found in the repository: a file name that holds terminal escapes is
// shown with "?" for them, as file contents and tag names are, not sent to the terminal.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('init --dry-run with an escape sequence in a file name', () => {
  it('shows the name with "?" for the control character', () => {
    const dir = 'a\x1b[31mred';
    const repo = sb.repo('escapes', { [`${dir}/version.py`]: "__version__ = '1.0.0'\n", 'setup.cfg': '[bumpversion]\ncurrent_version = 1.0.0\n' });
    const r = sb.shipver(repo, ['init', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('a?[31mred/version.py');
    expect(r.stderr).not.toContain('\x1b[31m');
  });
});
