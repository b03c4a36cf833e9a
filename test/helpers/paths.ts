import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The spec, the single source of truth. */
export const SPEC = join(ROOT, "openapi", "partner-center.yaml");
/** The generated types. */
export const GENERATED = join(ROOT, "generated", "partner-center.d.ts");
/** Recorded exchanges that must conform. */
export const RECORDINGS = join(ROOT, "test", "recordings");
/** Deliberately broken recordings that must be rejected. */
export const INVALID_RECORDINGS = join(RECORDINGS, "invalid");
/** An executable installed in node_modules/.bin. */
export const bin = (name: string): string => join(ROOT, "node_modules", ".bin", name);
/** Environment for tools that phone home unless told not to (Prism's Scarf analytics). */
export const TOOL_ENV = { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" };
