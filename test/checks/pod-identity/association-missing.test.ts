// pod_identity.association_missing: fires when the cluster uses Pod Identity and no association covers the
// pod's service account, high with a near miss or a recorded deletion, and stays quiet for IRSA pods,
// healthy setups and when the associations could not be read.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/pod-identity/association-missing.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { absent, found, notCollected } from "../../../src/snapshot/evidence.js";
import type { LogMatch, PodIdentityAssociation, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const ROLE = "arn:aws:iam::111122223333:role/orders-worker-pod-identity";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function associations(s: Snapshot): PodIdentityAssociation[] {
  return s.aws.podIdentityAssociations.status === "found" ? s.aws.podIdentityAssociations.value : [];
}

/** The pod as the webhook leaves it when no association exists: no agent URI, no token volume. */
function stripInjection(s: Snapshot): void {
  if (s.k8s.pod.status !== "found") throw new Error("base scenario has no pod");
  for (const c of s.k8s.pod.value.spec.containers) {
    c.env = (c.env ?? []).filter((e) => !e.name.startsWith("AWS_CONTAINER_"));
  }
}

function renameServiceAccount(s: Snapshot, name: string): void {
  if (s.k8s.pod.status !== "found" || s.k8s.serviceAccount.status !== "found") throw new Error("base scenario lacks pod or SA");
  s.k8s.pod.value.spec.serviceAccountName = name;
  s.k8s.serviceAccount.value.metadata.name = name;
  s.target.serviceAccount = name;
}

const notFoundLine = (file: string): LogMatch => ({
  patternId: "pod_identity.association_not_found",
  file,
  line: 5,
  text: "failed to refresh cached credentials, failed to load credentials, [6f1c2d3e]: (ResourceNotFoundException): No pod identity association found for the service account, fault: client",
  time: null,
  captures: {},
});

function addLog(s: Snapshot, m: LogMatch): void {
  s.logs = found({ files: [m.file], matches: [m], counts: { [m.patternId]: 1 } }, "logs/");
}

describe("pod_identity.association_missing", () => {
  it("does not fire on the healthy Pod Identity and IRSA scenarios", async () => {
    expect(run(await variant(PI, () => {}))).toBeNull();
    expect(run(await variant(IRSA, () => {}))).toBeNull();
  });

  it("fires high for a renamed service account and names the old association's role as the fix", async () => {
    const s = await variant(PI, (x) => {
      renameServiceAccount(x, "orders-worker-v2");
      stripInjection(x);
    });
    const finding = run(s);
    expect(finding?.causeId).toBe("pod_identity.association_missing");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("orders/orders-worker-v2");
    expect(finding?.detail).toContain("a-7k2m9xq4ph8vbtz1c (orders/orders-worker -> " + ROLE + ")");
    expect(finding?.actions[0]?.command).toBe(
      `aws eks create-pod-identity-association --cluster-name prod-eu --namespace orders --service-account orders-worker-v2 --role-arn ${ROLE}`,
    );
    // No agent URI in the pod: it has to be re-created once the association exists.
    expect(finding?.actions.map((a) => a.safety)).toContain("Restart pods");
  });

  it("fires high when CloudTrail shows the association was deleted, and reuses its role", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = found(
        associations(x).filter((a) => a.serviceAccount !== "orders-worker"),
        "aws/list.json",
      );
      x.aws.cloudTrail = found(
        [
          {
            EventId: "d3a1f6c8",
            EventName: "DeletePodIdentityAssociation",
            EventTime: "2024-05-14T03:12:27+00:00",
            CloudTrailEvent: {
              userIdentity: { arn: "arn:aws:sts::111122223333:assumed-role/terraform-ci/run-1" },
              userAgent: "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 terraform-provider-aws/5.49.0",
              responseElements: {
                association: { namespace: "orders", serviceAccount: "orders-worker", roleArn: ROLE, associationId: "a-7k2m9xq4ph8vbtz1c" },
              },
            },
          },
        ],
        "aws/cloudtrail.json",
      );
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("a-7k2m9xq4ph8vbtz1c for it was deleted at 2024-05-14T03:12:27+00:00");
    expect(finding?.detail).toContain("(Terraform)");
    expect(finding?.detail).toContain("ResourceNotFoundException");
    expect(finding?.actions[0]?.command).toContain(`--role-arn ${ROLE}`);
    // The pod still carries the agent URI, so no restart is asked for.
    expect(finding?.actions.map((a) => a.safety)).not.toContain("Restart pods");
    expect(finding?.immediate).toContain("Terraform");
  });

  it("is medium, with the list to collect, when the associations were not read but EKS Auth said ResourceNotFound", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = notCollected("the pod identity associations");
      addLog(x, notFoundLine("orders-worker-5f8d9c7b4-m7z9p/orders-worker.log"));
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain(
      "aws eks list-pod-identity-associations --cluster-name prod-eu --namespace orders --service-account orders-worker",
    );
  });

  it("does not fire when the associations were not read and nothing shows the pod expects Pod Identity", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = notCollected("the pod identity associations");
      stripInjection(x);
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire for an IRSA pod whose namespace has no association", async () => {
    const s = await variant(IRSA, (x) => {
      x.aws.podIdentityAssociations = found(
        [
          {
            clusterName: "prod-eu",
            namespace: "payments",
            serviceAccount: "payments-batch",
            associationArn: "arn:x",
            associationId: "a-1",
          },
        ],
        "aws/list.json",
      );
    });
    expect(run(s)).toBeNull();
  });

  it("is low when the agent is installed but no association exists anywhere (IRSA is as likely)", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = found([], "aws/list.json");
      stripInjection(x);
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("counts an EKS Auto Mode node, which has no agent DaemonSet or add-on, as the agent installed", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = found([], "aws/list.json");
      x.k8s.podIdentityAgent = absent("k8s/", "no DaemonSet eks-pod-identity-agent");
      x.aws.podIdentityAddon = absent("aws/", "no add-on eks-pod-identity-agent");
      if (x.k8s.node.status !== "found") throw new Error("no node");
      x.k8s.node.value.metadata.labels = { ...x.k8s.node.value.metadata.labels, "eks.amazonaws.com/compute-type": "auto" };
      stripInjection(x);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("low");
    expect(finding?.evidence.map((e) => e.content).join("\n")).toContain("EKS Auto Mode node");
  });

  it("is medium when only another service account of the namespace has one: that says the namespace uses Pod Identity, not this account", async () => {
    const s = await variant(PI, (x) => {
      renameServiceAccount(x, "report-exporter");
      stripInjection(x);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.evidence.some((e) => /near misses: .*orders\/orders-worker/.test(e.content))).toBe(true);
  });

  it("is medium when only unrelated associations exist in the cluster", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = found(
        [{ clusterName: "prod-eu", namespace: "billing", serviceAccount: "invoicer", associationArn: "arn:x", associationId: "a-2" }],
        "aws/list.json",
      );
      stripInjection(x);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.immediate).toContain("arn:aws:iam::111122223333:role/<role-name>");
  });

  it("does not fire without the agent, an association or any sign the pod expects Pod Identity", async () => {
    const s = await variant(PI, (x) => {
      x.aws.podIdentityAssociations = found([], "aws/list.json");
      x.k8s.podIdentityAgent = absent("k8s/");
      x.aws.podIdentityAddon = notCollected("the add-on");
      stripInjection(x);
    });
    expect(run(s)).toBeNull();
  });
});

describe("pod_identity.association_missing: an association that came too late for the pod", () => {
  const LATE = "pod_identity.association_missing--association-created-seconds-before-job";

  it("fires high for a pod admitted a second after the association, when a later pod got the variables", async () => {
    const s = await variant(LATE, () => {});
    const f = check.run(s, deriveFacts(s));
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain("before the association took effect");
  });

  it("does not fire when the association is older than the propagation window", async () => {
    const s = await variant(LATE, (x) => {
      if (x.aws.podIdentityAssociations.status !== "found") throw new Error("no associations");
      for (const a of x.aws.podIdentityAssociations.value) a.createdAt = "2020-01-01T00:00:00Z";
    });
    expect(check.run(s, deriveFacts(s))).toBeNull();
  });
});
