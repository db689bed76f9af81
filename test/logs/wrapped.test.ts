// Pasted panes, boxes and hard wraps (src/logs/wrapped.ts): a message cut across physical lines is recognised
// on the logical line, by the diagnosis's scanner, match_runbook's recognition and the errors tool alike, and
// lines that merely sit next to each other are not glued into a message neither holds.

import { describe, expect, it } from "vitest";
import { libraryPatternSet, recogniseMessages } from "../../src/logs/recognise.js";
import { LogScanner } from "../../src/logs/scanner.js";
import { WrappedLines } from "../../src/logs/wrapped.js";

const ids = (text: string): string[] => recogniseMessages(text).map((m) => m.patternId);

function scanned(text: string): string[] {
  const scanner = new LogScanner();
  const scan = scanner.source("app.log");
  for (const line of text.split("\n")) scan.line(line);
  return scanner.result().matches.map((m) => m.patternId);
}

// A node-role denial as IAM words it, cut in the middle of the role name.
const HEAD = '{"level":50,"message":"User: arn:aws:sts::111122223333:assumed-role/eksctl-shop-nodegroup-ng-Node';
const TAIL = "InstanceRole-1A2B3C4D5E6F/i-0123456789abcdef0 is not authorized to perform: secretsmanager:GetSecretValue";

describe("logical lines over pasted panes, boxes and hard wraps", () => {
  it("joins a k9s or tmux pane's lines: the right border, then the left border of the rest", () => {
    const text = `${HEAD} │\n│ ${TAIL}"} │`;
    expect(ids(`${HEAD}"}\n${TAIL}`)).not.toContain("permissions.node_role_access_denied"); // plain neighbours stay apart
    expect(ids(text)).toContain("permissions.node_role_access_denied");
    expect(scanned(text)).toContain("permissions.node_role_access_denied");
  });

  it("does not join a pane line its pane padded to the border (it ended there) with the next", () => {
    const wrapped = new WrappedLines(libraryPatternSet());
    wrapped.line(`│ ${HEAD}"}                  │`, []);
    wrapped.line(`│ ${TAIL}"} │`, []);
    expect(wrapped.joined).toBe(false);
    wrapped.line(`│ ${HEAD} │`, []);
    wrapped.line(`│ ${TAIL}"} │`, []);
    expect(wrapped.joined).toBe(true);
  });

  it("joins a pane cut over three lines, keeping a space the cut fell on (the pane's one-space margin aside)", () => {
    const text = `${HEAD} │\n│ InstanceRole-1A2B3C4D5E6F/i-0123456789abcdef0 is not  │\n│ authorized to perform: secretsmanager:GetSecretValue"} │`;
    expect(ids(text)).toContain("permissions.node_role_access_denied");
  });

  it("joins a Terraform box's paragraph wrapped at words", () => {
    const text = [
      "╷",
      "│ Error: reading Secrets Manager Secret (shop/db): operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: 0a1b, api error AccessDeniedException: User:",
      "│ arn:aws:sts::111122223333:assumed-role/shop-nodes-NodeInstanceRole-1A2B/i-0123456789abcdef0 is not authorized to perform: secretsmanager:GetSecretValue on resource: shop/db",
      "│ ",
      "╵",
    ].join("\n");
    expect(ids(text)).toContain("permissions.node_role_access_denied");
  });

  it("joins a terminal's hard wrap inside an ARN", () => {
    expect(
      ids(
        `User: arn:aws:sts::111122223333:assumed-role/shop-api-irsa/\nbotocore-session-1700000000 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::shop/a`,
      ),
    ).toContain("permissions.access_denied");
  });

  it("joins a hard wrap at a space the copy trimmed from the line's end", () => {
    expect(
      ids(
        "could not get secret data from provider: User: arn:aws:sts::111122223333:assumed-role/shop-api-irsa/botocore-session-1700000000\nis not authorized to perform: s3:GetObject on resource: arn:aws:s3:::shop/a",
      ),
    ).toContain("permissions.access_denied");
  });

  it("joins a hard wrap right after a principal whose copy kept the spaces before the cut, its node role redacted in brackets", () => {
    const text = [
      ": failed to sign request: AccessDenied: User: arn:aws:sts::[REDACTED]:assumed-role/[REDACTED_EKS_NODE_GROUP_IAM_USER] ",
      "is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::[REDACTED]:role/amp-ingest",
    ].join("\n");
    expect(ids(text)).toContain("permissions.node_role_access_denied");
  });

  it("joins a terminal's wrap at its width, mid-word, after the principal", () => {
    const message =
      "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/shop-nodes-NodeInstanceRole/i-0123456789abcdef0 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::shop/a";
    const cut = message.indexOf("authorized") + 5; // inside a word, after the principal
    const pad = (width: number): string => `level=error msg="${"x".repeat(width - cut - 17)}`;
    const wrapped = (width: number): string => `${pad(width)}${message.slice(0, cut)}\n${message.slice(cut)}`;
    expect(wrapped(160).split("\n")[0]).toHaveLength(160);
    expect(ids(wrapped(160))).toContain("permissions.node_role_access_denied");
    // The same cut at a width no terminal has, with nothing else to go by, is left alone.
    expect(ids(wrapped(161))).not.toContain("permissions.node_role_access_denied");
  });

  it("reports a joined message once, and keeps what each line recognised alone", () => {
    const text = `│ NoCredentialProviders: no valid providers in chain. Deprecated. │\n│ ${HEAD.slice(14)} │\n│ ${TAIL} │`;
    const found = scanned(text);
    expect(found.filter((id) => id === "permissions.node_role_access_denied")).toHaveLength(1);
    expect(found).toContain("creds.go_no_valid_providers");
  });

  it("does not glue a box's list items or headings into one line", () => {
    const text = [
      "│ Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata",
      "│ * User: arn:aws:sts::111122223333:assumed-role/eksctl-shop-nodegroup-ng-NodeInstanceRole-1A2B/i-0123456789abcdef0",
      "│ * is not authorized to perform: s3:GetObject",
    ].join("\n");
    expect(ids(text)).not.toContain("permissions.node_role_access_denied");
  });
});
