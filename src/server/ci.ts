// `shipver ci verify` and `shipver ci deploy`: the server hook's checks and the deploy, for
// a CI job (src/commands/ci.ts loads this). The parts:
//   ci-verify.ts      ci verify: runs the two checks below and reports them
//   ci-lint-range.ts  which commits the pipeline builds, and their messages linted
//   ci-tag.ts         the version tag the pipeline builds, checked as the pre-push hook does
//   ci-history.ts     a shallow CI clone's history made complete enough to read a range
//   ci-deploy.ts      ci deploy: the deploys of the tag, in the foreground
//   ci-env.ts         what the CI's variables say (provider, branch, commits, tag)
export { ciVerify, type VerifyOptions } from './ci-verify.js';
export { ciDeploy, type DeployOptions } from './ci-deploy.js';
