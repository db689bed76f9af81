// The collectors speak to the command line ("pass --cluster <name>"); an agent calling a tool has arguments,
// not flags. Answers of the diagnosis tools are said in the tool's argument names: "pass --region" becomes
// "pass the region argument". Only a flag after "pass" is rewritten, so the commands an operator is given
// (aws ... --region eu-west-1, kubectl ... -n) stay as they are.

const ARGUMENTS: Record<string, string> = {
  "--cluster": "cluster",
  "--region": "region",
  "--profile": "profile",
  "--context": "context",
  "--namespace": "namespace",
  "--pod": "pod",
  "--service-account": "serviceAccount",
  "--snapshot": "snapshot",
  "--instance-id": "instanceId",
  "--incident-time": "incidentTime",
};

const PASS_FLAG = /\bpass (--[a-z-]+)(?: <[^<>]+>)?/g;

export function inArgumentNames(text: string): string {
  return text.replace(PASS_FLAG, (whole, flag: string) => (ARGUMENTS[flag] ? `pass the ${ARGUMENTS[flag]} argument` : whole));
}

/** Every string in a JSON-like value, said in argument names. */
export function withArgumentNames<T>(value: T): T {
  if (typeof value === "string") return inArgumentNames(value) as T;
  if (Array.isArray(value)) return value.map(withArgumentNames) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withArgumentNames(v)])) as T;
  }
  return value;
}
