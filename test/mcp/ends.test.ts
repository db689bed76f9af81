// The stdio ends (src/mcp/stdio/ends.ts): where a read of stdin may cut a UTF-8 character, and the stream
// ends tests use. The descriptor ends are driven over a real pipe by stdio.test.ts.

import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamEnds, unfinishedCharBytes } from "../../src/mcp/stdio/ends.js";

describe("unfinishedCharBytes", () => {
  const bytes = (text: string, drop = 0) => {
    const b = Buffer.from(text, "utf8");
    return b.subarray(0, b.length - drop);
  };

  it("is 0 when the bytes end on a whole character", () => {
    expect(unfinishedCharBytes(bytes(""))).toBe(0);
    expect(unfinishedCharBytes(bytes("plain\n"))).toBe(0);
    expect(unfinishedCharBytes(bytes("é"))).toBe(0);
    expect(unfinishedCharBytes(bytes("日"))).toBe(0);
    expect(unfinishedCharBytes(bytes("𝄞"))).toBe(0);
  });

  it("counts the bytes of a character cut short", () => {
    expect(unfinishedCharBytes(bytes("aé", 1))).toBe(1);
    expect(unfinishedCharBytes(bytes("a日", 1))).toBe(2);
    expect(unfinishedCharBytes(bytes("a日", 2))).toBe(1);
    expect(unfinishedCharBytes(bytes("a𝄞", 1))).toBe(3);
    expect(unfinishedCharBytes(bytes("a𝄞", 3))).toBe(1);
  });

  it("joined again, the cut pieces decode to the text", () => {
    const text = "ping-é 日本 𝄞\n";
    const all = Buffer.from(text, "utf8");
    for (let cut = 0; cut <= all.length; cut++) {
      const first = all.subarray(0, cut);
      const keep = first.length - unfinishedCharBytes(first);
      const decoded = first.toString("utf8", 0, keep) + Buffer.concat([first.subarray(keep), all.subarray(cut)]).toString("utf8");
      expect(decoded).toBe(text);
    }
  });
});

describe("streamEnds", () => {
  it("passes the input on as text until told to ignore it, and writes to the output", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const ends = streamEnds(input, output);
    const seen: string[] = [];
    ends.read((text) => seen.push(text));
    input.write(Buffer.from("é\n"));
    await new Promise((resolve) => setImmediate(resolve));
    ends.ignoreInput();
    input.write("later\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(["é\n"]);
    await ends.write("out\n");
    expect(output.read()?.toString()).toBe("out\n");
  });
});
