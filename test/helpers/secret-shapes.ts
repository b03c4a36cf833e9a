// Credentials that are not the configured token, in shapes that are easy to miss: the CLI's record
// and check tests build inputs from them.

const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** A JWE in compact form whose encrypted key is empty (`dir`), as Azure AD issues them. */
export const JWE_EMPTY_KEY = `${b64url('{"alg":"dir","enc":"A256GCM"}')}..${b64url("iv-of-the-jwe")}.${b64url("ciphertext-of-the-jwe")}.${b64url("tag-of-the-jwe")}`;

/** A JWT whose header JSON is pretty-printed, so it starts with `ewog` instead of `eyJ`. */
export const JWT_SPACED_HEADER = `${b64url('{\n  "alg": "RS256",\n  "typ": "JWT"\n}')}.${b64url('{"sub":"someone"}')}.${b64url("signature-of-the-jwt")}`;
