// Evidence: one piece of what the diagnosis may read, with how it was (or was not) obtained.
// "Looked for and absent" and "could not be looked for" lead to different conclusions, so they are
// different states and no check may read a value without first seeing which state it is in.

export type UnavailableReason =
  | "not_collected" // nobody looked (not in the bundle, or not asked for)
  | "permission_denied" // the tool's own read was refused (403, AccessDenied)
  | "unreachable" // network error or timeout
  | "parse_error" // a file was there but could not be read as what it claims to be
  | "error"; // anything else; detail says what

export type Evidence<T> =
  | { status: "found"; value: T; source: string }
  | { status: "absent"; source: string; detail?: string }
  | {
      status: "unavailable";
      reason: UnavailableReason;
      detail: string;
      /** The permission to grant when reason is permission_denied, e.g. "iam:GetRole". */
      permission?: string;
      source?: string;
    };

export const found = <T>(value: T, source: string): Evidence<T> => ({ status: "found", value, source });
export const absent = <T>(source: string, detail?: string): Evidence<T> =>
  detail === undefined ? { status: "absent", source } : { status: "absent", source, detail };
export const unavailable = <T>(
  reason: UnavailableReason,
  detail: string,
  extra: { permission?: string; source?: string } = {},
): Evidence<T> => ({ status: "unavailable", reason, detail, ...extra });
export const notCollected = <T>(what: string): Evidence<T> => unavailable("not_collected", `${what} was not collected`);

export function valueOf<T>(e: Evidence<T> | undefined): T | undefined {
  return e?.status === "found" ? e.value : undefined;
}
export const isFound = <T>(e: Evidence<T> | undefined): e is { status: "found"; value: T; source: string } => e?.status === "found";
