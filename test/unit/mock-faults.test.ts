import { formatFault, parseDuration, parseFaults, scheduleOf } from "partner-center-customers/mock";
import { describe, expect, it } from "vitest";

describe("the mock's fault grammar", () => {
  it("reads every kind of fault by request number, with its argument or default", () => {
    const schedule = parseFaults(
      "429@3, 503@5,reset@7,slow@2:1500ms,expire-token@4,500@9,429@11:5s,503@12:2,403@13,404@14",
    );
    expect([...schedule.values()]).toEqual([
      { kind: "429", at: 3, retryAfterSeconds: 1 },
      { kind: "503", at: 5, retryAfterSeconds: undefined },
      { kind: "reset", at: 7 },
      { kind: "slow", at: 2, delayMs: 1500 },
      { kind: "expire-token", at: 4 },
      { kind: "500", at: 9 },
      { kind: "429", at: 11, retryAfterSeconds: 5 },
      { kind: "503", at: 12, retryAfterSeconds: 2 },
      { kind: "403", at: 13 },
      { kind: "404", at: 14 },
    ]);
    expect(schedule.get(7)).toEqual({ kind: "reset", at: 7 });
  });

  it("an empty list is no faults", () => {
    expect(parseFaults("").size).toBe(0);
  });

  it("writes faults back in the notation it reads, so the programmatic form round-trips", () => {
    const text = "429@3:1s,503@5,reset@7,slow@2:1500ms,expire-token@4,500@9,403@10,404@11";
    expect([...parseFaults(text).values()].map(formatFault).join(",")).toBe(text);
    expect([...scheduleOf([{ kind: "slow", at: 2, delayMs: 10 }]).values()]).toEqual([
      { kind: "slow", at: 2, delayMs: 10 },
    ]);
  });

  it.each([
    [
      "teapot@3",
      "fault 'teapot@3': unknown kind 'teapot'; expected one of 429, 403, 404, 500, 503, reset, slow, expire-token.",
    ],
    [
      "429",
      "fault '429' is not KIND@N, as in 429@3 (kinds: 429, 403, 404, 500, 503, reset, slow, expire-token).",
    ],
    [
      "429@0",
      "fault '429@0': after @ comes the request number, a whole number from 1 to 1000000, as in 429@3.",
    ],
    [
      "429@x",
      "fault '429@x': after @ comes the request number, a whole number from 1 to 1000000, as in 429@3.",
    ],
    ["429@3:soon", "fault '429@3:soon': the Retry-After is whole seconds from 0 to 9999, as in 429@3:2s."],
    ["slow@2", "fault 'slow@2': slow needs a delay, as in slow@2:1500ms."],
    [
      "slow@2:forever",
      "fault 'slow@2:forever': 'forever' is not a duration from 0 to 120000 ms; write it as 1500ms or 1.5s.",
    ],
    [
      "slow@2:999999ms",
      "fault 'slow@2:999999ms': '999999ms' is not a duration from 0 to 120000 ms; write it as 1500ms or 1.5s.",
    ],
    ["reset@7:now", "fault 'reset@7:now': reset takes no ':' argument; write reset@7."],
    ["429@3,503@3", "fault '503@3': request 3 already has the fault 429; one fault per request."],
    [
      "429@3,,503@5",
      "fault '' is not KIND@N, as in 429@3 (kinds: 429, 403, 404, 500, 503, reset, slow, expire-token).",
    ],
  ])("%s is refused with a message that shows a correct fault", (text, message) => {
    expect(() => parseFaults(text)).toThrow(message);
  });

  it("bounds the list it reads", () => {
    expect(() => parseFaults("x".repeat(10_001))).toThrow("at most 10000");
    const many = Array.from({ length: 1001 }, (_, i) => `reset@${i + 1}`).join(",");
    expect(() => parseFaults(many)).toThrow("the fault list has 1001 faults; at most 1000.");
  });

  it("reads durations in ms, s or bare milliseconds", () => {
    expect(parseDuration("1500ms", "x")).toBe(1500);
    expect(parseDuration("1.5s", "x")).toBe(1500);
    expect(parseDuration("20", "x")).toBe(20);
    expect(() => parseDuration("-5", "--latency")).toThrow("--latency: '-5' is not a duration");
  });
});
