// `shipver changelog --from-start` regenerates what the `shipver release` runs wrote, byte for
// byte: prereleases with their own sections (one of them with nothing notable), the stable
// release listing its prereleases' changes again, compare links from where each release's
// notes started. Also `changelog --to <tag>` for each version. The built CLI, a real history.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { commit } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// the release date and the tagger date: the same day, whatever the clock says
const env = { SHIPVER_DATE: '2024-05-02', GIT_COMMITTER_DATE: '2024-05-02T12:00:00Z' };
const GH = 'https://github.com/acme/app';

describe('changelog --from-start and release agree', () => {
  it.each([
    ['changelog.emptySections: true', true],
    ['by default (no section for a version with nothing notable)', false],
  ])('on prereleases, an rc with nothing notable, and the stable release after them: %s', (_name, emptySections) => {
    const files: Record<string, string> = { 'package.json': '{ "name": "app", "version": "0.1.0" }\n' };
    if (emptySections) files['shipver.yaml'] = 'changelog:\n  emptySections: true\n';
    const dir = sb.repo(emptySections ? 'agree-empty' : 'agree', files);
    sb.git(dir, 'remote', 'add', 'origin', `${GH}.git`);
    const release = (...args: string[]) => {
      const r = sb.shipver(dir, ['release', '--no-fetch', ...args], { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stderr;
    };
    commit(sb, dir, 'feat: first');
    release(); // 0.2.0
    commit(sb, dir, 'feat: search');
    commit(sb, dir, 'perf: faster start');
    commit(sb, dir, 'fix: crash on empty input');
    release('--pre', 'beta'); // 0.3.0-beta.0
    commit(sb, dir, 'chore: tidy');
    release('--pre', 'rc'); // 0.3.0-rc.0: nothing notable since the beta
    commit(sb, dir, 'fix: late fix');
    const last = release(); // 0.3.0
    expect(last).toContain('app 0.3.0-rc.0 → 0.3.0');

    const written = sb.read(dir, 'CHANGELOG.md');
    const rcSection = '## [0.3.0-rc.0](https://github.com/acme/app/compare/v0.3.0-beta.0...v0.3.0-rc.0) (2024-05-02)\n\nNo notable changes.\n\n## ';
    if (emptySections) expect(written).toContain(rcSection);
    else expect(written).not.toContain('0.3.0-rc.0)');
    const rcAt = written.indexOf(emptySections ? '## [0.3.0-rc.0]' : '## [0.3.0-beta.0]');
    const stable = written.slice(written.indexOf('## [0.3.0]'), rcAt);
    for (const s of ['search', 'faster start', 'crash on empty input', 'late fix']) expect(stable).toContain(s);
    expect(stable).toContain(`${GH}/compare/v0.2.0...v0.3.0`);

    const regenerated = sb.shipver(dir, ['changelog', '--from-start', '--stdout'], { env });
    expect(regenerated.code, regenerated.stderr).toBe(0);
    expect(`# Changelog\n\n${regenerated.stdout}`).toBe(written);
    if (emptySections) expect(regenerated.stderr).toBe('');
    else expect(regenerated.stderr).toContain('1 version with nothing notable and no section (0.3.0-rc.0); changelog.emptySections: true lists them');

    // and the file rewritten from the history is the same file
    writeFileSync(path.join(dir, 'CHANGELOG.md'), '# Changelog\n');
    expect(sb.shipver(dir, ['changelog', '--from-start'], { env }).code).toBe(0);
    expect(sb.read(dir, 'CHANGELOG.md')).toBe(written);

    // each version alone, as `changelog --to` renders it: its section of the file
    const sections = written.split(/(?=^## )/m).slice(1);
    for (const version of emptySections ? ['0.3.0', '0.3.0-rc.0', '0.3.0-beta.0', '0.2.0'] : ['0.3.0', '0.3.0-beta.0', '0.2.0']) {
      const one = sb.shipver(dir, ['changelog', '--stdout', '--to', `v${version}`], { env });
      expect(one.code, one.stderr).toBe(0);
      expect(`${one.stdout}\n`, version).toBe(sections.find((s) => s.startsWith(`## [${version}]`) || s.startsWith(`## ${version} `))!.replace(/\n*$/, '\n\n'));
    }
  });
});
