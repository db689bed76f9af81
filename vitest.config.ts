import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Servers and child processes are started by some tests; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests use the AWS SDK in-process too, where the CLI's own Node line notice (src/cli/node-line.ts) does
    // not apply; without this every test file that builds a client prints the SDK's notice into the CI log
    // on Node 20. Tests of the built CLI remove it from the child's environment.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
