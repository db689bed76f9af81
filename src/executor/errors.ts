// The executor's one expected failure: bad input or missing setup (no snapshot there, no H2 runbook, an
// unknown diagnosis id). The message says what to pass instead; the MCP tools turn it into a ToolFailure
// and the CLI prints it.

export class ExecutorError extends Error {
  override readonly name = "ExecutorError";
}
