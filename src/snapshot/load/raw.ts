// The raw layer: reads a snapshot directory (target.yaml, k8s/, aws/, logs/) into plain, classified,
// sourced data without judging it. A bad file becomes a problem naming the file; only a missing or
// invalid target.yaml (or directory) stops the load. Reused by the HTTP emulator.

import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { K8sObject, SnapshotProblem } from "../types.js";
import { type ClassifiedFile, buildAwsDocs } from "./aws-docs.js";
import { type RecordedAwsError, parseAwsCliError } from "./aws-errors.js";
import { AwsShapeError, RECOGNISED_COMMANDS, classifyAwsOutput } from "./aws-shapes.js";
import { SnapshotError } from "./errors.js";
import { errorMessage, isDirectory, listSnapshotFiles } from "./files.js";
import { parseK8sFile } from "./k8s-files.js";
import { sortK8sObjects } from "./k8s-order.js";
import type { RawSnapshot, Sourced } from "./raw-types.js";
import { readTarget, type TargetOptions } from "./target.js";

export async function readRawSnapshot(dir: string, targetOptions: TargetOptions = {}): Promise<RawSnapshot> {
  if (!(await isDirectory(dir))) {
    throw new SnapshotError(`snapshot directory ${dir} does not exist or is not a directory — pass the folder that holds target.yaml`);
  }
  const target = await readTarget(dir, targetOptions);
  const problems: SnapshotProblem[] = [];
  const present = {
    k8s: await isDirectory(join(dir, "k8s")),
    aws: await isDirectory(join(dir, "aws")),
    logs: await isDirectory(join(dir, "logs")),
  };

  const objects: Sourced<K8sObject>[] = [];
  const listedKinds = new Set<string>();
  const issuers: Sourced<string>[] = [];
  if (present.k8s) {
    const listed = await listSnapshotFiles(dir, "k8s");
    problems.push(...listed.problems);
    for (const source of listed.files) {
      if (!/\.(ya?ml|json)$/i.test(source)) {
        problems.push({ source, message: "not read: k8s/ holds only .yaml or .json outputs of `kubectl get -o yaml|json`" });
        continue;
      }
      const text = await readText(dir, source, problems);
      if (text === null) continue;
      const parsed = parseK8sFile(text, source);
      objects.push(...parsed.objects);
      parsed.listedKinds.forEach((k) => listedKinds.add(k));
      issuers.push(...parsed.issuers);
      problems.push(...parsed.problems);
    }
  }
  const k8sObjects = sortK8sObjects(objects);

  const classified: ClassifiedFile[] = [];
  const recordedErrors: Sourced<RecordedAwsError>[] = [];
  if (present.aws) {
    const listed = await listSnapshotFiles(dir, "aws");
    problems.push(...listed.problems);
    for (const source of listed.files) {
      if (/\.(txt|err)$/i.test(source)) {
        const recorded = await readRecordedError(dir, source, problems);
        if (recorded) recordedErrors.push(recorded);
        continue;
      }
      const file = await classifyFile(dir, source, problems);
      if (file) classified.push(file);
    }
  }
  const { docs, problems: awsProblems } = buildAwsDocs(classified, target, roleArnsInK8s(k8sObjects));
  problems.push(...awsProblems);
  docs.recordedErrors = recordedErrors.sort((a, b) => a.source.localeCompare(b.source));

  return {
    dir,
    target,
    k8sObjects,
    k8sListedKinds: [...listedKinds].sort(),
    k8sIssuers: issuers,
    aws: docs,
    logsRoot: present.logs ? resolve(dir, "logs") : null,
    problems: problems.sort((a, b) => a.source.localeCompare(b.source) || a.message.localeCompare(b.message)),
    present,
  };
}

async function readText(dir: string, source: string, problems: SnapshotProblem[]): Promise<string | null> {
  try {
    return await readFile(join(dir, source), "utf8");
  } catch (err) {
    problems.push({ source, message: `cannot be read: ${errorMessage(err)}` });
    return null;
  }
}

async function readRecordedError(dir: string, source: string, problems: SnapshotProblem[]): Promise<Sourced<RecordedAwsError> | null> {
  const text = await readText(dir, source, problems);
  if (text === null) return null;
  const value = parseAwsCliError(text, source);
  if (!value) {
    problems.push({ source, message: "not read: a .txt file in aws/ must hold an AWS CLI error line (\"An error occurred (Code) when calling the Operation operation: ...\")" });
    return null;
  }
  return { value, source };
}

async function classifyFile(dir: string, source: string, problems: SnapshotProblem[]): Promise<ClassifiedFile | null> {
  if (!/\.json$/i.test(source)) {
    problems.push({ source, message: "not read: aws/ holds only .json outputs of the AWS CLI (`--output json`)" });
    return null;
  }
  const text = await readText(dir, source, problems);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push({ source, message: `not valid JSON: ${errorMessage(err)} — save the AWS CLI output with \`--output json\`` });
    return null;
  }
  try {
    const output = classifyAwsOutput(json);
    if (output) return { source, output };
    problems.push({
      source,
      message: `not a recognised AWS CLI output — expected the \`--output json\` of one of: ${RECOGNISED_COMMANDS.join(", ")}`,
    });
  } catch (err) {
    if (!(err instanceof AwsShapeError)) throw err;
    problems.push({ source, message: err.message });
  }
  return null;
}

/** Role ARNs the cluster side names: ServiceAccount annotations and pods' AWS_ROLE_ARN. */
function roleArnsInK8s(objects: Sourced<K8sObject>[]): string[] {
  const arns: string[] = [];
  for (const { value } of objects) {
    const annotation = value.metadata.annotations?.["eks.amazonaws.com/role-arn"];
    if (value.kind === "ServiceAccount" && annotation) arns.push(annotation);
    if (value.kind === "Pod") {
      const containers = (value.spec as { containers?: { env?: { name: string; value?: string }[] }[] }).containers ?? [];
      for (const c of containers) for (const e of c.env ?? []) if (e.name === "AWS_ROLE_ARN" && e.value) arns.push(e.value);
    }
  }
  return arns;
}
