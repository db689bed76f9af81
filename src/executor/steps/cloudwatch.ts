// get_cloudwatch_logs: the EKS control-plane audit log (ServiceAccount and Pod Identity association changes).
// Live, through the get_cloudwatch_logs tool's engine (FilterLogEvents on /aws/eks/<cluster>/cluster, bounded
// and redacted), over the hour before the incident time or before the session began. A snapshot holds no
// CloudWatch Logs: not available, with the CloudTrail events the evidence does hold on the same subject.

import { valueOf } from "../../snapshot/evidence.js";
import { paramText } from "../params.js";
import { done, notAvailable, plural, type StepExecutor } from "./outcome.js";

const MAX_EVENTS = 20;
const AFTER_INCIDENT_MS = 10 * 60_000;

export const cloudWatchLogs: StepExecutor = async (env) => {
  const filter = paramText(env.params, "filter_pattern");
  const cluster = paramText(env.params, "clusterName") ?? env.target.cluster;
  const { session } = env;
  if (session.liveAccess !== null) {
    if (!cluster) return notAvailable("the EKS cluster is not known: pass cluster to name it");
    const { controlPlaneLogs } = await import("../../clusterview/index.js");
    const incident = session.snapshot.target.incidentTime;
    const end = incident ? Date.parse(incident) + AFTER_INCIDENT_MS : Date.parse(session.createdAt);
    const read = await controlPlaneLogs(
      {
        clusterName: cluster,
        endTime: end,
        ...(filter ? { filterPattern: filter } : {}),
        ...(env.target.region ? { region: env.target.region } : {}),
        ...(session.liveAccess.profile ? { profile: session.liveAccess.profile } : {}),
      },
      new Date(session.createdAt),
    );
    if (!read.ok) return notAvailable(read.failure.message);
    const r = read.value;
    const events = r.events.slice(0, MAX_EVENTS).map((e) => ({ time: e.timestamp, audit: e.audit, message: e.audit ? null : e.message }));
    const summary =
      r.status === "ok"
        ? `${plural(r.count, "control-plane event")} matching \`${r.filter_pattern}\` in ${r.log_group} (${r.window.start} to ${r.window.end})`
        : r.message;
    return done(
      summary,
      {
        status: r.status,
        log_group: r.log_group,
        window: r.window,
        logging_enabled: r.logging_enabled,
        count: r.count,
        truncated: r.truncated || r.events.length > MAX_EVENTS,
        events,
        operator_action: r.operator_action,
      },
      r.status === "ok" ? null : r.message,
    );
  }
  const reason =
    "a snapshot holds no CloudWatch Logs: read them live (pass the target instead of snapshot), or call get_cloudwatch_logs with these params";
  // CloudTrail events in the evidence answer part of the question (association changes): name them.
  const wanted = (text: string | undefined) => !filter || (text ?? "").toLowerCase().includes(filter.toLowerCase());
  const trail = (valueOf(session.snapshot.aws.cloudTrail) ?? []).filter((e) => wanted(e.EventName) || wanted(e.EventSource));
  const related = trail.map((e) => ({ event: e.EventName, time: e.EventTime, user: e.Username ?? null }));
  const outcome = notAvailable(reason, related.length > 0 ? { cloudtrail_in_evidence: related } : null);
  return related.length > 0
    ? { ...outcome, summary: `${outcome.summary} (${plural(related.length, "related CloudTrail event")} in the evidence)` }
    : outcome;
};
