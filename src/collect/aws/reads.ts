// One AWS read as the collectors see it: sent through the read-only gate, recorded with its round,
// converted to the CLI's output shape, and kept with the CLI command that reproduces it (quoted as the
// evidence's source) and the file capture saves it under. Paged lists follow their tokens page by page.

import type { Calls } from "../calls.js";
import { type Outcome, failedOutcome, okOutcome } from "../outcome.js";
import { cliOutput } from "./cli-shape.js";
import { retryThrottled } from "../retry.js";
import { awsFailure, awsThrottled } from "./errors.js";
import { type AwsClients, type AwsService, sendRead } from "./operations.js";

export interface AwsCallSpec {
  service: AwsService;
  operation: string;
  input: Record<string, unknown>;
  /** The CLI command: "get-role". */
  cli: string;
  /** The CLI arguments: "--role-name payments-api". */
  args: string;
  /** What the call names (role name, ARN, cluster...): the call record's and a saved error's subject. */
  subject: string;
  /** For messages: "role payments-api". */
  what: string;
  /** Appended to the capture file name ("iam-get-role-<this>.json"); null for none. */
  fileSubject: string | null;
}

export interface AwsRead {
  spec: Omit<AwsCallSpec, "input">;
  /** "aws iam get-role --role-name payments-api". */
  source: string;
  /** Capture file name without extension: "iam-get-role-payments-api". */
  file: string;
  /** The CLI-shaped output, or why there is none. */
  outcome: Outcome<unknown>;
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._@+=,-]+/g, "_");

function fileOf(spec: Pick<AwsCallSpec, "service" | "cli" | "fileSubject">): string {
  return `${spec.service}-${spec.cli}${spec.fileSubject ? `-${fileSafe(spec.fileSubject)}` : ""}`;
}

export class AwsReads {
  readonly reads: AwsRead[] = [];

  constructor(
    private readonly clients: AwsClients,
    private readonly calls: Calls,
    private readonly timeoutMs: number,
  ) {}

  /** One request. */
  call(spec: AwsCallSpec, after: number): Promise<Outcome<Record<string, unknown>>> {
    return this.paged(
      spec,
      after,
      () => undefined,
      (input) => input,
    );
  }

  /**
   * Every page of a list: `next` reads the token from a page, `withToken` puts it in the next input,
   * `onPage` hears of each page read (its number, whether more follow, its content and round), so a caller
   * can act on a page before the list ends. The outcome's value is the merged CLI output.
   */
  async paged(
    spec: AwsCallSpec,
    after: number,
    next: (page: Record<string, unknown>) => unknown,
    withToken: (input: Record<string, unknown>, token: string) => Record<string, unknown>,
    onPage?: (page: number, more: boolean, value: Record<string, unknown>, round: number) => void,
  ): Promise<Outcome<Record<string, unknown>>> {
    const { input, ...kept } = spec;
    const permission = `${spec.service}:${spec.operation}`;
    const pages: unknown[] = [];
    let round = after;
    let token: string | undefined;
    let outcome: Outcome<Record<string, unknown>>;
    for (let page = 1; ; page++) {
      const o = await this.calls.run(
        { service: spec.service, action: spec.operation, subject: `${spec.subject}${page > 1 ? `#${page}` : ""}`, after: round },
        () =>
          retryThrottled(
            () =>
              sendRead(this.clients, spec.service, spec.operation, token ? withToken(input, token) : input) as Promise<
                Record<string, unknown>
              >,
            awsThrottled,
          ),
        (err) => awsFailure(err, permission, spec.what, this.timeoutMs),
      );
      round = o.round;
      if (!o.ok) {
        outcome = failedOutcome(o.failure, round);
        break;
      }
      pages.push(o.value);
      const t = next(o.value);
      token = typeof t === "string" && t !== "" ? t : undefined;
      onPage?.(page, token !== undefined, o.value, round);
      if (!token) {
        outcome = okOutcome(cliOutput(spec.operation, pages) as Record<string, unknown>, round);
        break;
      }
    }
    this.reads.push({
      spec: kept,
      source: `aws ${spec.service} ${spec.cli}${spec.args ? ` ${spec.args}` : ""}`,
      file: fileOf(spec),
      outcome,
    });
    return outcome;
  }
}
