// The exact words of the client's error messages where a user reads them most: a status without a
// reason phrase, a body that is JSON null, one attempt or several, undici's nested cause, and a
// cause cleaned of the token that keeps what it can (name, code, stack). Pure code: the factory
// functions are given the Response or the failure directly.
import { describe, expect, it } from "vitest";
import { isServerError } from "../../src/client/errors/errors.js";
import {
  errorFromResponse,
  errorWithoutResponse,
  unexpectedResponse,
} from "../../src/client/errors/from-response.js";
import { redactToken } from "../../src/client/security/redact-token.js";

const SECRET = "s3cr3t-t0k3n-value";
const context = {
  url: "https://pc.test/v1/customers",
  requestId: "rid",
  correlationId: "cid",
  nowMs: 0,
  redact: (text: string) => redactToken(text, SECRET),
};
const IDS = "(MS-RequestId rid, MS-CorrelationId cid)";

describe("a status without a reason phrase", () => {
  it("is the status alone, with nothing trailing", () => {
    const error = errorFromResponse(new Response(null, { status: 500 }), "", context);
    expect(error.message).toBe(
      `GET https://pc.test/v1/customers failed with 500; no content type, empty body ${IDS}`,
    );
    const unexpected = unexpectedResponse(
      new Response(null, { status: 200 }),
      context,
      "its body is not JSON",
    );
    expect(unexpected.message).toBe(
      `GET https://pc.test/v1/customers returned 200 but its body is not JSON ${IDS}`,
    );
  });
});

describe("unexpectedResponse", () => {
  it("says nothing about the body when the body is not the problem", () => {
    const response = new Response(null, {
      status: 200,
      statusText: "OK",
      headers: { "content-type": "application/json" },
    });
    const error = unexpectedResponse(response, context, "its next link repeats the URL of an earlier page");
    expect(error.message).toBe(
      `GET https://pc.test/v1/customers returned 200 OK but its next link repeats the URL of an earlier page ${IDS}`,
    );
    expect(error.bodyPreview).toBeUndefined();
    expect(error.contentType).toBe("application/json");
  });

  it("shows the start of the body when it is", () => {
    const error = unexpectedResponse(
      new Response(null, { status: 200 }),
      context,
      "its body is not JSON",
      "<html>",
    );
    expect(error.message).toBe(
      `GET https://pc.test/v1/customers returned 200 but its body is not JSON; no content type, body starts with "<html>" ${IDS}`,
    );
  });
});

describe("an error body that is JSON but not an object", () => {
  it.each(["null", "42", '"busy"', "[1]"])("%s: says what arrived, with no code or description", (body) => {
    const error = errorFromResponse(
      new Response(null, { status: 503, statusText: "Service Unavailable" }),
      body,
      context,
    );
    expect(isServerError(error)).toBe(true);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(
      `GET https://pc.test/v1/customers failed with 503 Service Unavailable; no content type, body starts with ${JSON.stringify(body)} ${IDS}`,
    );
  });
});

describe("errorWithoutResponse", () => {
  it("counts one attempt, or several", () => {
    const one = errorWithoutResponse("timeout", new Error("aborted"), 1, 50, context);
    expect(one.message).toBe(`GET https://pc.test/v1/customers timed out after 50 ms (1 attempt) ${IDS}`);
    const four = errorWithoutResponse("network", new Error("socket hang up"), 4, 50, context);
    expect(four.message).toBe(
      `GET https://pc.test/v1/customers failed without a complete response (4 attempts): socket hang up ${IDS}`,
    );
  });

  it("reads undici's cause: its code, when it has one, and its message", () => {
    const withCode = new TypeError("fetch failed", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    expect(errorWithoutResponse("network", withCode, 1, 50, context).message).toBe(
      `GET https://pc.test/v1/customers failed without a complete response (1 attempt): fetch failed: UND_ERR_SOCKET other side closed ${IDS}`,
    );
    const numericCode = new TypeError("fetch failed", {
      cause: Object.assign(new Error("reset"), { code: 104 }),
    });
    expect(errorWithoutResponse("network", numericCode, 1, 50, context).message).toContain(
      "(1 attempt): fetch failed: reset (MS-RequestId",
    );
    const notAnError = new TypeError("fetch failed", { cause: "reset" });
    expect(errorWithoutResponse("network", notAnError, 1, 50, context).message).toContain(
      "(1 attempt): fetch failed (MS-RequestId",
    );
    expect(errorWithoutResponse("network", "gone", 2, 50, context).message).toContain(
      "(2 attempts): gone (MS-RequestId",
    );
  });

  it("keeps the name, a string or numeric code and the stack of a cause it cleans of the token", () => {
    const named = Object.assign(new RangeError(`bad ${SECRET}`), { code: 42 });
    const cause = errorWithoutResponse("network", named, 1, 50, context).cause as Error & { code?: unknown };
    expect(cause).not.toBe(named);
    expect(cause).toMatchObject({ name: "RangeError", message: "bad [REDACTED]", code: 42 });
    expect(cause.stack).toMatch(/^RangeError: bad \[REDACTED\]\n/);

    const stringCode = Object.assign(new Error(`x ${SECRET}`), { code: `E_${SECRET}` });
    expect(errorWithoutResponse("network", stringCode, 1, 50, context).cause).toMatchObject({
      code: "E_[REDACTED]",
    });

    const objectCode = Object.assign(new Error(`x ${SECRET}`), { code: { secret: SECRET } });
    expect(errorWithoutResponse("network", objectCode, 1, 50, context).cause).not.toHaveProperty("code");
  });

  it("writes a stack from the name and message when the cause has none", () => {
    const bare = new Error(`lost ${SECRET}`);
    delete (bare as { stack?: string }).stack;
    const cause = errorWithoutResponse("network", bare, 1, 50, context).cause as Error;
    expect(cause.stack).toBe("Error: lost [REDACTED]");
  });

  it("removes the token from a thrown string, and keeps any other thrown value as it is (a custom fetch is trusted)", () => {
    expect(errorWithoutResponse("network", `Bearer ${SECRET}`, 1, 50, context).cause).toBe(
      "Bearer [REDACTED]",
    );
    const thrown = { token: SECRET };
    expect(errorWithoutResponse("network", thrown, 1, 50, context).cause).toBe(thrown);
  });

  it("removes the token from a string property and a nested cause, and keeps a clean cause as it is", () => {
    const parser = Object.assign(new Error("Parse Error: Invalid header value char"), {
      code: "HPE_INVALID_HEADER_TOKEN",
      data: `x-echo: ${SECRET}\r\n`,
    });
    const failure = new TypeError("fetch failed", { cause: parser });
    const cause = errorWithoutResponse("network", failure, 1, 50, context).cause as Error;
    expect(cause).not.toBe(failure);
    expect(cause).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(cause.cause).toMatchObject({ code: "HPE_INVALID_HEADER_TOKEN" });
    expect(cause.cause).not.toHaveProperty("data");
    const clean = new TypeError("fetch failed", { cause: new Error("other side closed") });
    expect(errorWithoutResponse("network", clean, 1, 50, context).cause).toBe(clean);
  });
});
