// The emulator's public surface: start one in-process, or run it as the `emulate` CLI command.

export { startEmulator, type StartedEmulator } from "./start.js";
export { runEmulatorCommand, type EmulateCommandOptions } from "./command.js";
export type { EmulatedService, EmulatorHandle, EmulatorOptions, Fault, FaultKind, FaultMatch, RecordedRequest } from "./types.js";
