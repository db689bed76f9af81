// The one fatal error of the loader: the snapshot cannot be targeted (no directory, no usable
// target.yaml). Everything else becomes a SnapshotProblem and the diagnosis goes on.

export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}
