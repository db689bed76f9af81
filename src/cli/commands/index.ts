// The command registry: name, one-line summary and a loader, in the order shown by --help. A new command is
// one file in commands/ and one line here.

import type { CliCommand } from "./types.js";

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: "diagnose",
    summary: "Diagnose a pod's AWS credentials and print the runbook's report (YAML or JSON)",
    load: async () => (await import("./diagnose.js")).diagnoseCommand,
  },
  {
    name: "serve",
    summary: "Run the MCP server over stdio (the default when stdin is not a terminal)",
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "phase",
    summary: "Run one phase of the H2 runbook step by step (triage, enrich or report)",
    load: async () => (await import("./phase.js")).phaseCommand,
  },
  {
    name: "snapshot",
    summary: "Collect the evidence live (read-only) and write it as an offline snapshot folder, secrets removed",
    load: async () => (await import("./snapshot.js")).snapshotCommand,
  },
  {
    name: "emulate",
    summary: "Serve a snapshot folder as a live Kubernetes API and AWS endpoint on 127.0.0.1",
    load: async () => (await import("./emulate.js")).emulateCommand,
  },
  {
    name: "runbooks",
    summary: "List the runbooks (and runbook files that failed to load), or show one parsed",
    load: async () => (await import("./runbooks.js")).runbooksCommand,
  },
  {
    name: "causes",
    summary: "List the causes a diagnosis can name (id, title; --json with descriptions)",
    load: async () => (await import("./causes.js")).causesCommand,
  },
  {
    name: "audit",
    summary: "Judge every IRSA and Pod Identity binding of a cluster at once (table, JSON, YAML or SARIF)",
    load: async () => (await import("./audit.js")).auditCommand,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return commands.find((entry) => entry.name === name);
}
