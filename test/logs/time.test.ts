// parseLineTime: the timestamp prefixes of container runtimes, klog, Python, Go and JSON loggers, read as
// RFC 3339 UTC; no year is ever guessed.

import { describe, expect, it } from "vitest";
import { parseLineTime, type TimeContext } from "../../src/logs/time.js";

describe("parseLineTime", () => {
  it.each([
    ["RFC 3339 with nanoseconds (CRI log prefix)", "2026-11-28T10:00:01.123456789Z stderr F hello", "2026-11-28T10:00:01.123Z"],
    ["RFC 3339 with an offset", "2024-10-07T21:13:52.995199207+09:00 stdout F x", "2024-10-07T12:13:52.995Z"],
    ["Python logging with a comma", "2026-11-28 10:00:00,123 ERROR app: boom", "2026-11-28T10:00:00.123Z"],
    ["Go log package", "2026/11/28 10:00:00 WRN There was a problem", "2026-11-28T10:00:00.000Z"],
    ["bracketed", "[2026-11-28 10:00:00] error", "2026-11-28T10:00:00.000Z"],
    ["JSON time field", `{"level":"error","msg":"x","time":"2025-07-09T02:52:10Z"}`, "2025-07-09T02:52:10.000Z"],
    ["zap epoch seconds", `{"level":"error","ts":1657324768.868449,"msg":"Reconciler error"}`, "2022-07-08T23:59:28.868Z"],
    ["logfmt", `time="2025-09-01T00:13:31Z" level=info msg="Copying config file"`, "2025-09-01T00:13:31.000Z"],
  ])("reads %s", (_name, line, expected) => {
    expect(parseLineTime(line)).toBe(expected);
  });

  it("gives no time for klog and syslog lines until the file has shown a year, then uses it", () => {
    const ctx: TimeContext = { year: null };
    expect(parseLineTime("I1128 10:00:00.000000    2231 kubelet.go:2400] SyncLoop ADD", ctx)).toBeNull();
    expect(parseLineTime("Nov 28 10:00:00 ip-10-0-7-12 kubelet[2231]: started", ctx)).toBeNull();
    expect(parseLineTime("2026/11/28 09:59:59 boot", ctx)).toBe("2026-11-28T09:59:59.000Z");
    expect(parseLineTime("E1128 10:04:12.123456       1 monitor.go:51] failed", ctx)).toBe("2026-11-28T10:04:12.123Z");
    expect(parseLineTime("Nov  3 07:05:09 host kubelet[1]: x", ctx)).toBe("2026-11-03T07:05:09.000Z");
  });

  it("rejects impossible dates and lines without a timestamp", () => {
    expect(parseLineTime("2026-02-31T10:00:00Z nonsense")).toBeNull();
    expect(parseLineTime("2026-13-01 10:00:00 nonsense")).toBeNull();
    expect(parseLineTime("caused by: AccessDenied: Not authorized")).toBeNull();
    expect(parseLineTime("")).toBeNull();
  });
});
