// semver's functions, one module each. `import semver from 'semver'` loads the whole
// package (ranges, subsets: ~70 KB, ~10 ms of every command's start-up); shipver uses none
// of the range code. Import from here, not from 'semver'.
import compareBuild from 'semver/functions/compare-build.js';
import gt from 'semver/functions/gt.js';
import inc from 'semver/functions/inc.js';
import lt from 'semver/functions/lt.js';
import lte from 'semver/functions/lte.js';
import major from 'semver/functions/major.js';
import minor from 'semver/functions/minor.js';
import parse from 'semver/functions/parse.js';
import patch from 'semver/functions/patch.js';
import prerelease from 'semver/functions/prerelease.js';
import rcompare from 'semver/functions/rcompare.js';
import valid from 'semver/functions/valid.js';

export { compareBuild, gt, inc, lt, lte, major, minor, parse, patch, prerelease, rcompare, valid };
export default { compareBuild, gt, inc, lt, lte, major, minor, parse, patch, prerelease, rcompare, valid };
