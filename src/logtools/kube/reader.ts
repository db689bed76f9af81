// Reads API logs again for a scan. A node's kubelet log is asked for exactly as at collection (same
// untilTime and tailLines: the same lines). A container log has no "until": it is asked for from the
// second of its first collected line, the lines before that line are dropped, and exactly as many bytes
// as were collected are passed on. When its first line is gone (rotated, restarted), that is reported, and so
// is a read that yields nothing of a log that had bytes at collection: a search over it would otherwise say
// "no match" for lines it never saw.

import type { IncomingMessage } from "node:http";
import type { IndexedSource, LogProblem, ReadControl, SourceReader, SourceSink } from "../types.js";
import type { KubeClient } from "../../kube/client.js";
import { describeKubeError } from "./collect.js";
import { nodeLogPath, podLogPath } from "../../kube/paths.js";
import { compareTimestamps, floorToSecond, lineTimestamp, parseKubeletTimestamp } from "./timestamps.js";

/** Extra bytes asked for: lines of the same second that precede the first collected one. */
const SLACK_BYTES = 1024 * 1024;

export function kubeReader(access: KubeClient): SourceReader {
  return {
    async read(sources, openSink, control) {
      const problems: LogProblem[] = [];
      for (const source of sources) {
        if (control.stopAll || control.signal?.aborted) break;
        if (source.entry.skipped) continue;
        const sink = openSink(source);
        if (!sink) continue;
        try {
          const problem = await readOne(access, source, sink, control);
          if (problem) problems.push({ source: source.entry.name, message: problem });
        } catch (error) {
          problems.push({ source: source.entry.name, message: `could not be read again: ${describeKubeError(error, "get pods/log")}` });
        }
        sink.end();
      }
      return problems;
    },
  };
}

async function readOne(access: KubeClient, source: IndexedSource, sink: SourceSink, control: ReadControl): Promise<string | null> {
  const at = source.locator;
  const collected = source.entry.size;
  const empty = `read again, it yielded 0 bytes where ${collected} were collected (the log was emptied, rotated or is no longer served): collect again`;
  if (at.kind === "node-log") {
    const res = await access.stream(
      nodeLogPath(at.node),
      { query: "kubelet", untilTime: at.untilTime, tailLines: String(at.tailLines) },
      control.signal,
    );
    const read = await pump(res, sink, control, Number.POSITIVE_INFINITY, null);
    return read.passed === 0 && collected > 0 ? empty : null;
  }
  if (at.kind !== "pod-log") return null;
  if (at.pin.firstTimestamp === null) {
    return collected > 0
      ? `not read again: none of its ${collected} collected bytes carried a timestamp to find them by; collect again`
      : null;
  }
  const first = parseKubeletTimestamp(at.pin.firstTimestamp);
  const res = await access.stream(
    podLogPath(at.namespace, at.pod),
    {
      container: at.container,
      timestamps: "true",
      sinceTime: floorToSecond(at.pin.firstTimestamp),
      limitBytes: String(at.pin.bytes + SLACK_BYTES),
      previous: at.previous ? "true" : undefined,
    },
    control.signal,
  );
  const started = await pump(res, sink, control, at.pin.bytes, first);
  if (!started.found) return "the log no longer holds the lines collected (the container restarted or its log rotated): collect again";
  if (started.passed === 0 && at.pin.bytes > 0) return empty;
  if (started.moved)
    return "the log no longer starts where it did at collection (the container restarted or its log rotated): its lines may differ; collect again";
  return null;
}

/**
 * Passes at most `budget` bytes on, starting at the first line whose timestamp is at or after `from`
 * (from the start when `from` is null).
 */
function pump(
  res: IncomingMessage,
  sink: SourceSink,
  control: ReadControl,
  budget: number,
  from: [number, number] | null,
): Promise<{ found: boolean; moved: boolean; passed: number }> {
  return new Promise((resolve, reject) => {
    let head = from === null ? null : Buffer.alloc(0);
    let left = budget;
    let passed = 0;
    let moved = false;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      res.destroy();
      resolve({ found: head === null, moved, passed });
    };
    const pass = (chunk: Buffer): void => {
      if (left <= 0) return;
      const piece = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= piece.length;
      passed += piece.length;
      if (sink.write(piece) === true || control.stopAll || left <= 0) finish();
    };
    res.on("data", (chunk: Buffer) => {
      if (done) return;
      if (head === null) return pass(chunk);
      head = Buffer.concat([head, chunk]);
      // Drop whole lines older than the first collected one; pass the rest on.
      for (;;) {
        const nl = head.indexOf(10);
        const line = head.toString("utf8", 0, nl < 0 ? Math.min(head.length, 200) : Math.min(nl, 200));
        const stamp = lineTimestamp(line);
        if (stamp && compareTimestamps(stamp, from!) < 0) {
          if (nl < 0) return; // wait for the rest of this line
          head = head.subarray(nl + 1);
          continue;
        }
        if (nl < 0 && !stamp && head.length < 200) return; // too short to read its timestamp yet
        if (stamp && compareTimestamps(stamp, from!) > 0) moved = true;
        const rest = head;
        head = null;
        pass(rest);
        return;
      }
    });
    res.on("end", finish);
    res.on("close", finish);
    res.on("error", (error) => (done ? undefined : reject(error)));
  });
}
