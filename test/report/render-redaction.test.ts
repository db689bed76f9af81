// A report is redacted as data before it becomes text: a secret that reached a report still renders as
// valid YAML whose value is the string "[REDACTED]", not a list, and never as itself.

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderReport } from "../../src/report/render.js";
import type { Report } from "../../src/report/types.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("renderReport redacts before rendering", () => {
  it.each(["yaml", "json"] as const)("%s: the secret is gone and the value stays a string", (format) => {
    const report = {
      root_cause: "x",
      evidence: [
        { type: "pod_spec", content: `aws_secret_access_key=${SECRET}` },
        { type: "pod_spec", content: SECRET },
      ],
    } as unknown as Report;
    const text = renderReport(report, format);
    expect(text).not.toContain(SECRET);
    const back = (format === "yaml" ? parse(text) : JSON.parse(text)) as { evidence: { content: unknown }[] };
    expect(back.evidence.map((e) => e.content)).toEqual(["aws_secret_access_key=[REDACTED]", "[REDACTED]"]);
  });
});
