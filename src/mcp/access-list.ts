// What this server could read with: the kubeconfig's contexts (name, the cluster they point at, the EKS
// cluster name when the ARN says it) and the AWS profiles in the shared config and credentials files, by name
// only. Nothing else of either file is read out: no server certificate, token, user, key or role. For the
// list_access tool and for completions of context and cluster arguments.

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

interface KubeContext {
  name: string;
  cluster: string | null;
  /** The EKS cluster's name when the kubeconfig cluster is an EKS ARN (aws eks update-kubeconfig). */
  eksCluster: string | null;
  current: boolean;
}

export interface AccessList {
  kubeconfig: { files: string[]; contexts: KubeContext[]; problem: string | null };
  aws: { files: string[]; profiles: string[]; active: string | null; problem: string | null };
}

const EKS_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/(.+)$/;

function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  if ((env["KUBECONFIG"] ?? "") !== "") return (env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
  return [join(env["HOME"] || homedir(), ".kube", "config")];
}

export function readKubeContexts(env: NodeJS.ProcessEnv = process.env): AccessList["kubeconfig"] {
  const files = kubeconfigFiles(env).filter((file) => existsSync(file));
  const contexts = new Map<string, KubeContext>();
  let current: string | null = null;
  const problems: string[] = [];
  for (const file of files) {
    let doc: { "current-context"?: unknown; contexts?: { name?: unknown; context?: { cluster?: unknown } }[] };
    try {
      doc = (parse(readFileSync(file, "utf8")) ?? {}) as typeof doc;
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    if (typeof doc["current-context"] === "string" && doc["current-context"] !== "") current = doc["current-context"];
    for (const entry of Array.isArray(doc.contexts) ? doc.contexts : []) {
      if (typeof entry?.name !== "string" || contexts.has(entry.name)) continue; // the first file's wins, as kubectl merges
      const cluster = typeof entry.context?.cluster === "string" ? entry.context.cluster : null;
      contexts.set(entry.name, {
        name: entry.name,
        cluster,
        eksCluster: cluster ? (EKS_ARN.exec(cluster)?.[1] ?? null) : null,
        current: false,
      });
    }
  }
  const list = [...contexts.values()].map((c) => ({ ...c, current: c.name === current })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const problem =
    files.length === 0
      ? "no kubeconfig file (KUBECONFIG unset and ~/.kube/config missing)"
      : problems.length > 0
        ? problems.join("; ")
        : null;
  return { files, contexts: list, problem };
}

/** Profile names from [profile NAME] / [default] in the config file and [NAME] in the credentials file. */
function readAwsProfiles(env: NodeJS.ProcessEnv = process.env): AccessList["aws"] {
  const home = env["HOME"] || homedir();
  const config = env["AWS_CONFIG_FILE"] || join(home, ".aws", "config");
  const credentials = env["AWS_SHARED_CREDENTIALS_FILE"] || join(home, ".aws", "credentials");
  const files = [config, credentials].filter((file) => existsSync(file));
  const profiles = new Set<string>();
  const problems: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      problems.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    for (const match of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*$/gm)) {
      const section = match[1]!;
      if (file === config) {
        if (section === "default") profiles.add("default");
        else if (section.startsWith("profile ")) profiles.add(section.slice("profile ".length).trim());
      } else profiles.add(section);
    }
  }
  const active = env["AWS_PROFILE"] || env["AWS_DEFAULT_PROFILE"] || (profiles.has("default") ? "default" : null);
  return { files, profiles: [...profiles].sort(), active, problem: problems.length > 0 ? problems.join("; ") : null };
}

export function readAccessList(env: NodeJS.ProcessEnv = process.env): AccessList {
  return { kubeconfig: readKubeContexts(env), aws: readAwsProfiles(env) };
}
