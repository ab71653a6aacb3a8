// `shipver tag` when git cannot make the tag (here: tag.sign with no key to sign with): the
// refusal names the step, shows what git said and how to go again, and no tag is left.
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('shipver tag when git fails to make the tag', () => {
  it('refuses with the step and git\'s words, and tags nothing', () => {
    const repo = sb.repo('unsigned', { 'package.json': '{ "name": "tg", "version": "1.0.0" }\n', 'shipver.yaml': 'tag: { sign: true }\n' });
    // an empty keyring: gpg (or its absence) cannot sign
    const r = sb.shipver(repo, ['tag'], { env: { GNUPGHOME: path.join(sb.dir, 'no-keys') } });
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain('creating tag v1.0.0 failed, so nothing was tagged');
    expect(r.stderr).toContain('| error:');
    expect(r.stderr).toContain('→ fix the cause shown above and run shipver tag again');
    expect(r.stderr).toContain('[E_RELEASE_STEP]');
    expect(sb.git(repo, 'tag', '--list')).toBe('');
  });
});
