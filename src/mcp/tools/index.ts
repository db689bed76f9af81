// The registry: every MCP tool, in one explicit list sorted by name. A tool is added here and nowhere else;
// tool-adapter.ts turns the list into tools/list and tools/call, and the golden tests pin each schema.
// Which toolset each tool belongs to is said in toolsets.ts (a test keeps the two in step).
// Keep tool modules light at top level (zod and types only): heavy clients are imported inside run().

import type { AnyToolDefinition } from "../tool.js";
import { getCloudwatchLogs } from "./get-cloudwatch-logs.js";
import { auditIrsa } from "./audit-irsa.js";
import { clusterHealth } from "./cluster-health.js";
import { diagnoseIrsa } from "./diagnose-irsa.js";
import { getRunbook } from "./get-runbook.js";
import { irsaPhase } from "./irsa-phase.js";
import { getK8sEvents } from "./get-k8s-events.js";
import { listK8sResources } from "./list-k8s-resources.js";
import { listAccess } from "./list-access.js";
import { readK8sResource } from "./read-k8s-resource.js";
import { listRunbooks } from "./list-runbooks.js";
import { logCollect } from "./collect.js";
import { logCorrelate } from "./correlate.js";
import { logErrors } from "./errors.js";
import { logSearch } from "./search.js";
import { logStatus } from "./status.js";
import { logSummarize } from "./summarize.js";
import { matchRunbook } from "./match-runbook.js";

export const allTools: readonly AnyToolDefinition[] = [
  auditIrsa, // audit_irsa
  clusterHealth, // cluster_health
  logCollect, // collect
  logCorrelate, // correlate
  diagnoseIrsa, // diagnose_irsa
  logErrors, // errors
  getCloudwatchLogs, // get_cloudwatch_logs
  getK8sEvents, // get_k8s_events
  getRunbook, // get_runbook
  irsaPhase, // irsa_phase
  listAccess, // list_access
  listK8sResources, // list_k8s_resources
  listRunbooks, // list_runbooks
  matchRunbook, // match_runbook
  readK8sResource, // read_k8s_resource
  logSearch, // search
  logStatus, // status
  logSummarize, // summarize
];
