// Which executor runs a runbook step: by the tool the step names, else by what its text asks for (the
// runbook's judgement steps have no tool). An unknown tool is "not available" on this server; a step nothing
// maps to is "skipped". The order of the text rules matters: the first that matches wins.

import { cloudWatchLogs } from "./cloudwatch.js";
import { correlate } from "./correlate.js";
import {
  classify,
  includeConfigDetails,
  includeErrorMessage,
  operatorAction,
  recommendFix,
  recommendMigration,
  rootCause,
  summarize,
} from "./diagnosis.js";
import { clusterHealth, getEvents, listResources, readResource } from "./cluster.js";
import { collect, errors, search, status } from "./logs.js";
import { notAvailable, skipped, type StepExecutor } from "./outcome.js";

/** Executors by the tool a step names. */
const TOOL_EXECUTORS: Readonly<Record<string, StepExecutor>> = {
  cluster_health: clusterHealth,
  collect,
  correlate,
  errors,
  get_cloudwatch_logs: cloudWatchLogs,
  get_k8s_events: getEvents,
  list_k8s_resources: listResources,
  read_k8s_resource: readResource,
  search,
  status,
  summarize,
};

interface TextRule {
  test: RegExp;
  run: StepExecutor;
}

/** Judgement steps that name a tool only as their input ("Review findings from `errors` tool to classify"). */
const BEFORE_TOOL: readonly TextRule[] = [{ test: /\bclassify\b/i, run: classify }];

/** Steps without a tool, by what they ask for. */
const WITHOUT_TOOL: readonly TextRule[] = [
  { test: /^operator action|not available via MCP/i, run: operatorAction },
  { test: /\bclassify\b/i, run: classify },
  { test: /\bfix\b|remediat|mitigat/i, run: recommendFix },
  { test: /root cause/i, run: rootCause },
  { test: /error message/i, run: includeErrorMessage },
  { test: /annotation|trust policy|configuration detail/i, run: includeConfigDetails },
  { test: /migrat/i, run: recommendMigration },
];

const unknownTool =
  (tool: string): StepExecutor =>
  () =>
    notAvailable(`no tool ${tool} on this server`);

export function executorFor(step: { text: string; tool: string | null }): StepExecutor {
  const before = BEFORE_TOOL.find((r) => r.test.test(step.text));
  if (before) return before.run;
  if (step.tool !== null) return TOOL_EXECUTORS[step.tool] ?? unknownTool(step.tool);
  return WITHOUT_TOOL.find((r) => r.test.test(step.text))?.run ?? (() => skipped("no executor for this step"));
}
