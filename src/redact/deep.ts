// Redaction of any value about to leave the process (a tool's structured result, a report, an object
// written to a bundle): every string through the text rules, plus what only the structure shows — the
// value of an env entry named like a credential, a field named like one, the argument after `--token`.

import { REDACTED, isFilePath } from "./rules.js";
import { redactTextCounted } from "./text.js";

const SECRET_ENV_NAME =
  /(SECRET|SECRET_ACCESS_KEY|ACCESS_KEY_ID|SESSION_TOKEN|SECURITY_TOKEN|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|API_?KEY|CREDENTIALS)$/i;
const SECRET_FIELD =
  /^(aws_?)?(secret_?access_?key|secret_?key|session_?token|security_?token|password|passwd|client-key-data|token|access_?token|id_?token|refresh_?token|private_?key)$/i;
const SECRET_FLAG = /^--(token|password|passwd|secret[a-z-]*|client-key|aws-secret-access-key|aws-session-token)$/i;

/** Not a credential even under a credential's name: empty or already redacted. (A file path is judged by the text rules.) */
const harmless = (v: string) => v === "" || v.includes(REDACTED) || v === "<redacted>";

export interface DeepRedaction<T> {
  value: T;
  count: number;
}

export function redactDeepCounted<T>(value: T): DeepRedaction<T> {
  let count = 0;
  const text = (v: string): string => {
    const r = redactTextCounted(v);
    count += r.count;
    return r.text;
  };
  const mask = (v: string): string => {
    if (harmless(v)) return v;
    if (isFilePath(v)) return text(v);
    count++;
    return REDACTED;
  };
  const walk = (v: unknown, depth: number): unknown => {
    // Objects from bundles are untrusted; a pathological depth is cut rather than overflowing the stack.
    if (depth > 64) return "[too deep]";
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const prev = v[i - 1];
        const item = v[i];
        out.push(typeof prev === "string" && typeof item === "string" && SECRET_FLAG.test(prev) ? mask(item) : walk(item, depth + 1));
      }
      return out;
    }
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const envSecret = typeof o["name"] === "string" && SECRET_ENV_NAME.test(o["name"]) && typeof o["value"] === "string";
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(o)) {
        if (typeof item === "string" && ((envSecret && k === "value") || SECRET_FIELD.test(k))) out[k] = mask(item);
        else out[k] = walk(item, depth + 1);
      }
      return out;
    }
    return v;
  };
  const out = walk(value, 0) as T;
  return { value: out, count };
}

export function redactDeep<T>(value: T): T {
  return redactDeepCounted(value).value;
}
