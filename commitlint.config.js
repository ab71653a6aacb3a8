// Commit message rules for shipver's own repository (the commit-msg hook and `shipver lint` read this).
export default {
  extends: ['@commitlint/config-conventional'],
};
