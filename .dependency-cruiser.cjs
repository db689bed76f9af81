// dependency-cruiser rules, run by `npm run lint`: the import graph of src/ has no cycle,
// type-only imports included (tsPreCompilationDeps), and production code never imports the emulator, the
// test double, except the `emulate` command that serves it; the cause ids (src/causes.ts) are a leaf.
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
    {
      name: "causes-is-a-leaf",
      severity: "error",
      comment:
        "src/causes.ts holds the cause ids every layer names (checks, log patterns, report, docs): it imports nothing from the project, so it can never join a cycle.",
      from: { path: "^src/causes[.]ts$" },
      to: { path: "^src/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
