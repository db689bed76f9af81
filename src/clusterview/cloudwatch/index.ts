// get_cloudwatch_logs: FilterLogEvents on an EKS cluster's control-plane log group
// (/aws/eks/<cluster>/cluster, the kube-apiserver-audit streams by default), bounded in time, count and
// message size, every message redacted. A missing log group means control-plane logging is off: that is
// an answer (with the command an operator would run to turn it on), not an error. Offline snapshots hold
// no CloudWatch logs, which is said as such.

import { createAwsClients } from "../../collect/aws/clients.js";
import { awsFailure } from "../../collect/aws/errors.js";
import { awsRead, fromFailure } from "../aws/read.js";
import { kubeRegionHint } from "../../kube/context.js";
import { DEFAULT_TIMEOUT_MS, type ViewOptions, chooseKube, openSnapshot } from "../sources/open.js";
import { type Read, readFailed, readOk } from "../types.js";
import { createLogsClient } from "./client.js";
import { type LogEventView, searchLogGroup } from "./search.js";

const DEFAULT_LOG_LIMIT = 50;
const DEFAULT_MINUTES = 60;
const DEFAULT_STREAM_PREFIX = "kube-apiserver-audit";

export interface LogsOptions extends Pick<ViewOptions, "snapshot" | "timeoutMs"> {
  clusterName: string;
  filterPattern?: string;
  logStreamPrefix?: string;
  region?: string;
  profile?: string;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  minutes?: number;
  limit?: number;
}

export interface LogsResult {
  clusterName: string;
  region: string | null;
  log_group: string;
  log_stream_prefix: string;
  filter_pattern: string;
  window: { start: string; end: string };
  status: "ok" | "log_group_missing" | "not_collected";
  /** true / false from the log group's existence or the cluster's logging setup; null when not known. */
  logging_enabled: boolean | null;
  enabled_log_types: string[] | null;
  message: string;
  operator_action: string | null;
  count: number;
  truncated: boolean;
  events: LogEventView[];
}

const enableCommand = (cluster: string, region: string | null) =>
  `aws eks update-cluster-config${region ? ` --region ${region}` : ""} --name ${cluster} --logging '{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}'`;

export async function controlPlaneLogs(opts: LogsOptions, now: Date): Promise<Read<LogsResult>> {
  const end = opts.endTime ?? now.getTime();
  const start = opts.startTime ?? end - (opts.minutes ?? DEFAULT_MINUTES) * 60_000;
  for (const [name, t] of [
    ["endTime", end],
    ["startTime", start],
  ] as const) {
    if (Number.isNaN(new Date(t).getTime()))
      return readFailed("invalid", `${name} ${t} is outside the times a date can hold: pass RFC 3339 or epoch milliseconds.`);
  }
  if (!(start < end))
    return readFailed(
      "invalid",
      `The time window is empty: startTime ${new Date(start).toISOString()} is not before endTime ${new Date(end).toISOString()}.`,
    );
  const base = {
    clusterName: opts.clusterName,
    region: null as string | null,
    log_group: `/aws/eks/${opts.clusterName}/cluster`,
    log_stream_prefix: opts.logStreamPrefix ?? DEFAULT_STREAM_PREFIX,
    filter_pattern: opts.filterPattern ?? "",
    window: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
  };
  if (opts.snapshot !== undefined) {
    const raw = await openSnapshot(opts.snapshot, opts.clusterName);
    if (!raw.ok) return raw;
    return readOk({
      ...base,
      region: raw.value.target.region,
      status: "not_collected",
      logging_enabled: null,
      enabled_log_types: null,
      message: `The snapshot ${opts.snapshot} holds no CloudWatch Logs (the bundle format has none): read them live, or save the output of aws logs filter-log-events --log-group-name ${base.log_group} with the bundle.`,
      operator_action: null,
      count: 0,
      truncated: false,
      events: [],
    });
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const chosen = opts.region ? null : chooseKube(opts);
  const regionHint = chosen?.ok ? kubeRegionHint(chosen.value, opts.clusterName) : null;
  const setup = await createAwsClients({
    ...(opts.region ? { region: opts.region } : {}),
    regionHint,
    ...(opts.profile ? { profile: opts.profile } : {}),
    timeoutMs,
  });
  const logs = createLogsClient(setup, timeoutMs, opts.profile);
  try {
    if (!setup.region)
      return readFailed(
        "invalid",
        `No AWS region is known (${setup.regionFrom}): pass region=<region>, set AWS_REGION, or use a profile with a region.`,
      );
    const region = setup.region;
    const clusterLogging = awsRead(
      setup.clients,
      "eks",
      "DescribeCluster",
      { name: opts.clusterName },
      `cluster ${opts.clusterName}`,
      timeoutMs,
      (o) => {
        const groups =
          (o["cluster"] as { logging?: { clusterLogging?: { types?: string[]; enabled?: boolean }[] } } | undefined)?.logging
            ?.clusterLogging ?? [];
        return groups
          .filter((g) => g.enabled)
          .flatMap((g) => g.types ?? [])
          .sort();
      },
    );
    let found: Awaited<ReturnType<typeof searchLogGroup>>;
    try {
      const query = {
        logGroupName: base.log_group,
        logStreamNamePrefix: base.log_stream_prefix,
        filterPattern: base.filter_pattern,
        startTime: start,
        endTime: end,
      };
      found = await searchLogGroup(logs, query, opts.limit ?? DEFAULT_LOG_LIMIT);
    } catch (err) {
      const failure = awsFailure(err, "logs:FilterLogEvents", `log group ${base.log_group}`, timeoutMs);
      if (failure.kind !== "absent") return fromFailure(failure);
      const types = await clusterLogging;
      return readOk({
        ...base,
        region,
        status: "log_group_missing",
        logging_enabled: false,
        enabled_log_types: types.ok ? types.value : null,
        message: `The log group ${base.log_group} does not exist in ${region}: control-plane logging is not enabled for cluster ${opts.clusterName}, so there are no audit logs to search.`,
        operator_action: `Operator action (irsa-doctor never runs it): ${enableCommand(opts.clusterName, region)}. Only events after it is enabled are logged.`,
        count: 0,
        truncated: false,
        events: [],
      });
    }
    const { events: sorted, truncated } = found;
    const types = await clusterLogging;
    const auditOff = types.ok && !types.value.includes("audit");
    return readOk({
      ...base,
      region,
      status: "ok",
      logging_enabled: true,
      enabled_log_types: types.ok ? types.value : null,
      message:
        `${sorted.length} event${sorted.length === 1 ? "" : "s"} in ${base.log_group}${base.filter_pattern ? ` matching ${JSON.stringify(base.filter_pattern)}` : ""} between ${base.window.start} and ${base.window.end}, oldest first` +
        (truncated ? "; more matched: narrow the window or the pattern" : "") +
        (auditOff
          ? `. The audit log type is not enabled (enabled: ${types.ok ? types.value.join(", ") || "none" : "?"}), so ServiceAccount changes are not logged`
          : "") +
        ".",
      operator_action: auditOff ? `Operator action (irsa-doctor never runs it): ${enableCommand(opts.clusterName, region)}.` : null,
      count: sorted.length,
      truncated,
      events: sorted,
    });
  } finally {
    logs.close();
    setup.close();
  }
}
