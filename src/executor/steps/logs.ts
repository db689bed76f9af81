// collect, status, errors and search over the session's logs. The evidence was gathered when the session
// began (from the snapshot's logs/ folder, or the target's container logs when live), so `collect` reports
// what that gathering read and `status` is always done; node-level logs are only what the evidence holds.

import { LogToolError } from "../../logtools/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import { atSeverity } from "../log-findings.js";
import { paramText } from "../params.js";
import { compileQuery, searchEvidence } from "../search.js";
import { done, notAvailable, plural, type StepEnv, type StepExecutor, type StepOutcome } from "./outcome.js";

const MAX_FINDINGS = 20;

function logsMissing(env: StepEnv): StepOutcome | null {
  const e = env.session.snapshot.logs;
  if (e.status === "found") return null;
  if (e.status === "absent") return notAvailable(`no logs were found for the target${e.detail ? ` (${e.detail})` : ""}`);
  return notAvailable(`the logs are not in the evidence (${e.reason}: ${e.detail})`);
}

export const collect: StepExecutor = (env) => {
  const none = logsMissing(env);
  if (none) return none;
  const logs = valueOf(env.session.snapshot.logs)!;
  const live = env.session.origin === "live";
  const result = {
    execution_id: env.session.id,
    instance_id: env.target.instanceId,
    node: env.target.node,
    source: live ? "the target's container logs, read from the Kubernetes API" : `${env.session.origin}/logs`,
    files: logs.files.slice(0, 50),
    file_count: logs.files.length,
    recognised_lines: Object.values(logs.counts).reduce((a, b) => a + b, 0),
    node_logs: "only what the evidence holds: irsa-doctor does not run a collection on the node",
  };
  return done(
    `${plural(logs.files.length, "log file")} in the evidence (${plural(result.recognised_lines, "recognised line")}); execution ${env.session.id}`,
    result,
  );
};

export const status: StepExecutor = (env) => {
  const none = logsMissing(env);
  if (none) return none;
  const logs = valueOf(env.session.snapshot.logs)!;
  return done(`execution ${env.session.id}: done (the logs were gathered with the evidence)`, {
    execution_id: env.session.id,
    status: "done",
    files: logs.files.length,
  });
};

export const errors: StepExecutor = (env) => {
  const none = logsMissing(env);
  if (none) return none;
  const severity = paramText(env.params, "severity");
  const findings = atSeverity(env.session.logFindings, severity);
  const shown = findings.slice(0, MAX_FINDINGS);
  const summary =
    findings.length === 0
      ? `no ${severity ?? ""} findings in the logs`.replace("  ", " ")
      : `${plural(findings.length, "finding")}${severity ? ` at severity ${severity} or worse` : ""}: ${shown
          .slice(0, 3)
          .map((f) => `${f.id} ${f.pattern} ×${f.count}`)
          .join(", ")}${findings.length > 3 ? ", ..." : ""}`;
  return done(summary, { severity, total: findings.length, findings: shown });
};

export const search: StepExecutor = async (env) => {
  const query = paramText(env.params, "query");
  if (query === null) return notAvailable("the step gives no query to search for");
  const compiled = await compileQuery(query);
  if (!compiled.ok) return notAvailable(compiled.message);
  let result;
  try {
    result = await searchEvidence(env.session, query, compiled.re);
  } catch (error) {
    if (error instanceof LogToolError) return notAvailable(error.message);
    throw error;
  }
  const logs = result.hits.filter((h) => h.kind === "log").length;
  const summary =
    result.total === 0
      ? `no match for \`${query}\` in ${plural(result.searched.log_files, "log file")} and ${plural(result.searched.configuration_lines, "configuration line")}`
      : `${plural(result.total, "match", "matches")} for \`${query}\` (${logs} in logs, ${result.hits.length - logs} in configuration${result.truncated ? "; more matched than are shown" : ""})`;
  return done(summary, result);
};
