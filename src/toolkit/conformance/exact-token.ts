// Stand-in until `partner-center-customers/redact` exports `redactToken` (same contract): then this
// module goes and its importers import from there.
import { REDACTED, redactor } from "partner-center-customers/redact";

export { REDACTED };

/** `text` with every spelling of `token` replaced by `[REDACTED]`; tokens under 8 characters are not searched for. */
export function redactToken(text: string, token: string): string {
  if (token.length < 8) return text;
  return redactor(token)(text);
}
