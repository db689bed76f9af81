// The emulator's public surface: start one in-process, or run it as the `emulate` CLI command.

export { startEmulator, type StartedEmulator } from "./start.js";
export { runEmulatorCommand } from "./command.js";
export type { Fault } from "./types.js";
