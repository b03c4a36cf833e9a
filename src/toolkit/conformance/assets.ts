/**
 * Where the files this toolkit checks against by default are: the spec and the generated types
 * come from the client package (`partner-center-customers` ships each once), the recordings from
 * this package. In a checkout of the repository (this module is TypeScript source) they are the
 * repository's own `openapi/`, `generated/` and `test/recordings/`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The default files: the spec, the types generated from it, and the recordings that must conform. */
export interface EmbeddedAssets {
  readonly spec: string;
  readonly generated: string;
  readonly recordings: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function inCheckout(): EmbeddedAssets | undefined {
  if (!import.meta.url.endsWith(".ts")) return undefined;
  const root = join(here, "..", "..", "..");
  return {
    spec: join(root, "openapi", "partner-center.yaml"),
    generated: join(root, "generated", "partner-center.d.ts"),
    recordings: join(root, "test", "recordings"),
  };
}

function installed(): EmbeddedAssets {
  const client = dirname(createRequire(import.meta.url).resolve("partner-center-customers/package.json"));
  return {
    spec: join(client, "dist", "openapi", "partner-center.yaml"),
    generated: join(client, "dist", "generated", "partner-center.d.ts"),
    // dist/conformance/assets.js → dist/recordings
    recordings: join(here, "..", "recordings"),
  };
}

let cached: EmbeddedAssets | undefined;

/** The default spec, generated types and recordings (see the module comment). */
export function embeddedAssets(): EmbeddedAssets {
  cached ??= inCheckout() ?? installed();
  return cached;
}

/** Path of the spec this toolkit checks against by default; throws when it is missing. */
export function embeddedSpecPath(): string {
  const { spec } = embeddedAssets();
  if (!existsSync(spec))
    throw new Error(`cannot find the embedded spec at ${spec}: reinstall partner-center-customers`);
  return spec;
}
