// The real-client tests never skip: without kubectl or the AWS CLI on PATH they fail, saying how to
// install the client.

import { expect, test } from "vitest";
import { requireClient } from "./helpers.js";

test("a missing client fails with the Debian package to install", async () => {
  await expect(requireClient("kubectl", "/nonexistent")).rejects.toThrow(
    "kubectl is not installed: this test runs the real client against the emulator — install it with `apt-get install -y kubernetes-client`",
  );
  await expect(requireClient("aws", "/nonexistent")).rejects.toThrow("`apt-get install -y awscli`");
  await expect(requireClient("kubectl")).resolves.toMatch(/kubectl$/);
});
