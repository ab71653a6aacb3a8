// Builds dist/ once before the tests: end-to-end tests run the bundled CLI as users do.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.SHIPVER_TEST_NO_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
