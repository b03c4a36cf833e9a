/**
 * The checker's secret scan: where a recording still holds something credential-shaped. The
 * shapes are the client's one redaction core (`partner-center-customers/redact`); this module only
 * words the findings.
 */
import { findSecretShapes, redactShapes, type SecretShape } from "partner-center-customers/redact";

/** Something in a recording that looks like a credential. */
export interface SecretFinding {
  /** What it looks like (`jwt`, `jwe`, `bearer`, `basic`, `sas`, `secret-key`, `secret-header`). */
  kind: SecretShape["kind"];
  /** A redacted hint of where it is (never the secret itself). */
  hint: string;
}

const WHAT: Record<SecretShape["kind"], string> = {
  jwt: "JWT-shaped text",
  jwe: "JWE-shaped text",
  bearer: "a bearer credential",
  basic: "a Basic credential",
  sas: "a SAS signature",
  "secret-key": "the value of a secret key",
  "secret-header": "the value of a credential header",
};

/** Finds credential-shaped text (JWTs, JWEs, Bearer and Basic credentials, SAS signatures, secret keys and headers). */
export function findSecrets(text: string): SecretFinding[] {
  return findSecretShapes(text).map((shape) => ({
    kind: shape.kind,
    hint: `${WHAT[shape.kind]} at offset ${shape.index}`,
  }));
}

/** Replaces credential-shaped text in a string with `[REDACTED]`. */
export function redactTokens(text: string): string {
  return redactShapes(text);
}
