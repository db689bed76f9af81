// The raw layer: reads a snapshot directory (target.yaml, k8s/, aws/, logs/) into plain, classified,
// sourced data without judging it. A bad file becomes a problem naming the file; only a missing or
// invalid target.yaml (or directory) stops the load. Reused by the HTTP emulator.

import { join, resolve } from "node:path";
import type { K8sObject, ListedIn, SnapshotProblem } from "../types.js";
import type { EmptyListName } from "./list-file-kind.js";
import { SYSTEM_NAMESPACE } from "../../kube/eks-names.js";
import { type ClassifiedFile, buildAwsDocs } from "./aws-docs.js";
import { type RecordedAwsError, parseAwsCliError } from "./aws-errors.js";
import { awsShapeProblem } from "./aws-shape-check.js";
import { AwsShapeError, RECOGNISED_COMMANDS, classifyAwsOutput } from "./aws-shapes.js";
import { SnapshotError } from "./errors.js";
import { type BundleReader, bundleReader } from "./bundle-reader.js";
import { isDirectory, listSnapshotFiles } from "./files.js";
import { readK8sFile } from "./k8s-read.js";
import { sortK8sObjects } from "./k8s-order.js";
import { LIMITS } from "./limits.js";
import { parseKubectlRefusal } from "./k8s-refusals.js";
import { describeJsonError } from "./parse-errors.js";
import type { RawSnapshot, SecretKeyNames, Sourced } from "./raw-types.js";
import { readTarget, type TargetOptions } from "./target.js";
import { escapeProblems } from "./escape.js";
import { compareText } from "../../util/compare.js";

const FILES_CAPPED = `more than ${LIMITS.bundleFiles} files in k8s/ and aws/ together: the rest were not read`;

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

  const reader = await bundleReader(dir, problems);
  let filesLeft: number = LIMITS.bundleFiles;
  const objects: Sourced<K8sObject>[] = [];
  const listedKinds = new Set<string>();
  const listedQualified: Required<EmptyListName>[] = [];
  const issuers: Sourced<string>[] = [];
  const secretKeys: Sourced<SecretKeyNames>[] = [];
  const rejectedKinds: Record<string, string> = {};
  const deniedKinds: NonNullable<RawSnapshot["k8sDeniedKinds"]> = {};
  const filteredSources: string[] = [];
  if (present.k8s) {
    const listed = await listSnapshotFiles(dir, "k8s", { maxFiles: filesLeft, capMessage: FILES_CAPPED });
    filesLeft -= listed.files.length;
    problems.push(...listed.problems);
    for (const source of listed.files) {
      if (/\.error\.txt$/i.test(source)) {
        const text = await reader.readText(source, LIMITS.errorTextBytes);
        const refusal = text === null ? null : parseKubectlRefusal(text, source);
        if (refusal) {
          deniedKinds[refusal.kind] ??= { permission: refusal.permission, detail: refusal.detail };
          continue;
        }
      }
      if (!/\.(ya?ml|json)$/i.test(source)) {
        problems.push({ source, message: "not read: k8s/ holds only .yaml or .json outputs of `kubectl get -o yaml|json`" });
        continue;
      }
      const parsed = await readK8sFile(reader, dir, source, problems);
      if (parsed === null) continue;
      objects.push(...parsed.objects);
      parsed.listedKinds.forEach((k) => listedKinds.add(k));
      listedQualified.push(...parsed.listedQualified);
      if (parsed.filteredLists) filteredSources.push(source);
      issuers.push(...parsed.issuers);
      secretKeys.push(...parsed.secretKeys);
      for (const r of parsed.rejectedKinds) rejectedKinds[r.kind] ??= r.detail;
      problems.push(...parsed.problems);
    }
  }
  const k8sObjects = sortK8sObjects(objects);
  const listedIn = placeQualifiedLists(listedQualified, target.namespace, k8sObjects, listedKinds);

  const classified: ClassifiedFile[] = [];
  const recordedErrors: Sourced<RecordedAwsError>[] = [];
  if (present.aws) {
    const listed = await listSnapshotFiles(dir, "aws", { maxFiles: Math.max(filesLeft, 0), capMessage: FILES_CAPPED });
    problems.push(...listed.problems);
    for (const source of listed.files) {
      if (/\.(txt|err)$/i.test(source)) {
        const recorded = await readRecordedError(reader, source, problems);
        if (recorded) recordedErrors.push(recorded);
        continue;
      }
      const file = await classifyFile(reader, source, problems);
      if (file) classified.push(file);
    }
  }
  const { docs, problems: awsProblems } = buildAwsDocs(classified, target, roleArnsInK8s(k8sObjects));
  problems.push(...awsProblems);
  docs.recordedErrors = recordedErrors.sort((a, b) => compareText(a.source, b.source));

  return {
    dir,
    target,
    k8sObjects,
    k8sListedKinds: [...listedKinds].sort(),
    k8sListedIn: listedIn,
    k8sFilteredSources: filteredSources.sort(compareText),
    k8sIssuers: issuers,
    k8sSecretKeys: secretKeys,
    k8sRejectedKinds: rejectedKinds,
    k8sDeniedKinds: deniedKinds,
    aws: docs,
    logsRoot: present.logs ? resolve(dir, "logs") : null,
    problems: escapeProblems(problems).sort((a, b) => compareText(a.source, b.source) || compareText(a.message, b.message)),
    present,
  };
}

async function readRecordedError(
  reader: BundleReader,
  source: string,
  problems: SnapshotProblem[],
): Promise<Sourced<RecordedAwsError> | null> {
  const text = await reader.readText(source, LIMITS.errorTextBytes);
  if (text === null) return null;
  const value = parseAwsCliError(text, source);
  if (!value) {
    problems.push({
      source,
      message:
        'not read: a .txt file in aws/ must hold an AWS CLI error line ("An error occurred (Code) when calling the Operation operation: ...")',
    });
    return null;
  }
  return { value, source };
}

async function classifyFile(reader: BundleReader, source: string, problems: SnapshotProblem[]): Promise<ClassifiedFile | null> {
  if (!/\.json$/i.test(source)) {
    problems.push({ source, message: "not read: aws/ holds only .json outputs of the AWS CLI (`--output json`)" });
    return null;
  }
  const text = await reader.readText(source, LIMITS.jsonFileBytes);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push({ source, message: `${describeJsonError(text)} — save the AWS CLI output with \`--output json\`` });
    return null;
  }
  try {
    const output = classifyAwsOutput(json);
    if (output) {
      const wrong = awsShapeProblem(output);
      if (!wrong) return { source, output };
      problems.push({ source, message: `${output.kind.replace(".", " ")} output: ${wrong}; not read` });
      return null;
    }
    problems.push({
      source,
      message: `not a recognised AWS CLI output — expected the \`--output json\` of one of: ${RECOGNISED_COMMANDS.join(", ")}`,
    });
  } catch (err) {
    // AwsShapeError says what is wrong; anything else is a shape no classifier foresaw: still only this file.
    problems.push({
      source,
      message: err instanceof AwsShapeError ? err.message : "has an unexpected shape for its AWS CLI output: not read",
    });
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

/**
 * An empty List named `pods-kube-system.yaml` is `kubectl get pods -n kube-system`: it proves no pods there,
 * and says nothing of the target's namespace. The part after the plural is a namespace when the bundle knows
 * one by that name (the target's, kube-system, a Namespace object, any object's); otherwise it is a note
 * (`events-after-restart.yaml`) and the file proves the kind listed, as a bare `events.yaml` does.
 */
function placeQualifiedLists(
  named: readonly Required<EmptyListName>[],
  targetNamespace: string,
  objects: readonly Sourced<K8sObject>[],
  listedKinds: Set<string>,
): ListedIn[] {
  const namespaces = new Set([targetNamespace, SYSTEM_NAMESPACE]);
  for (const { value } of objects) {
    if (value.metadata.namespace) namespaces.add(value.metadata.namespace);
    if (value.kind === "Namespace") namespaces.add(value.metadata.name);
  }
  const listedIn = new Map<string, ListedIn>();
  for (const { kind, qualifier } of named) {
    if (namespaces.has(qualifier)) listedIn.set(`${kind}/${qualifier}`, { kind, namespace: qualifier });
    else listedKinds.add(kind);
  }
  return [...listedIn.values()].sort((a, b) => compareText(a.kind, b.kind) || compareText(a.namespace, b.namespace));
}
