// dependency-cruiser rules, run by `npm run lint` (scripts/lint.mjs): the import graph of src/ has no cycle,
// type-only imports included (tsPreCompilationDeps), and production code never imports the emulator, the
// test double, except the `emulate` command that serves it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle, even through a type import, means two modules are one idea split in two: move the shared part to a leaf.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-production-import-of-emulator",
      severity: "error",
      comment: "The emulator is a test double. Move what both need (e.g. selector parsing) to a module both import.",
      from: { path: "^src/", pathNot: "^src/(emulator/|cli/commands/emulate[.]ts$)" },
      to: { path: "^src/emulator/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
