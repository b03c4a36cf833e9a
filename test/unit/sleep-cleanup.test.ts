// The retry wait's cleanup: whichever way it ends, it leaves no listener on the caller's signal
// (a long-lived signal shared by many calls would otherwise collect one per retry).
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { sleep } from "../../src/client/http/retry.js";

describe("sleep", () => {
  it("leaves no abort listener behind when the signal aborts it", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("leaves no abort listener behind when it ends on time", async () => {
    const controller = new AbortController();
    await sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
