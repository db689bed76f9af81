// The stderr logger (src/util/log.ts; kept with the MCP tests, its main user): level filtering, the JSON and
// plain line formats, Error fields, child loggers and sinks (how MCP logging notifications are fed).

import { describe, expect, it } from "vitest";
import { createLogger, logOptionsFromEnv, type LogRecord } from "../../src/util/log.js";

const clock = () => new Date("2025-01-02T03:04:05.000Z");

describe("logger", () => {
  it("drops records below its level", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line), clock });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toEqual(["2025-01-02T03:04:05.000Z WARN loud"]);
  });

  it("writes one JSON object per line, with child fields and an Error's message and stack", () => {
    const lines: string[] = [];
    const logger = createLogger({ format: "json", write: (line) => lines.push(line), clock }).child({ tool: "x" });
    logger.error("failed", { error: new Error("boom") });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(["time", "level", "msg", "tool", "error"]);
    expect(record).toMatchObject({ level: "error", msg: "failed", tool: "x", error: { name: "Error", message: "boom" } });
    expect((record["error"] as { stack: string }).stack).toContain("boom");
  });

  it("quotes plain values that contain spaces", () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line), clock }).info("loaded", { dir: "/a b", count: 2, id: "h2" });
    expect(lines).toEqual(['2025-01-02T03:04:05.000Z INFO loaded dir="/a b" count=2 id=h2']);
  });

  it("feeds sinks until they are detached, and survives a throwing sink", () => {
    const seen: LogRecord[] = [];
    const logger = createLogger({ write: () => {}, clock });
    const detach = logger.addSink((record) => void seen.push(record));
    logger.addSink(() => {
      throw new Error("sink broke");
    });
    logger.child({ a: 1 }).warn("one");
    detach();
    logger.warn("two");
    expect(seen).toEqual([{ time: "2025-01-02T03:04:05.000Z", level: "warn", message: "one", fields: { a: 1 } }]);
  });

  it("reads level and format from the environment, falling back to info/plain", () => {
    expect(logOptionsFromEnv({ IRSA_DOCTOR_LOG_LEVEL: "DEBUG", IRSA_DOCTOR_LOG_FORMAT: "json" })).toEqual({
      level: "debug",
      format: "json",
    });
    expect(logOptionsFromEnv({ IRSA_DOCTOR_LOG_LEVEL: "chatty" })).toEqual({ level: "info", format: "plain" });
  });
});
