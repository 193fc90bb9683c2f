import { describe, expect, it } from "vitest";
import { createProgressReporter, formatDuration, renderProgress } from "./progress-bar.js";

describe("progress bar", () => {
  it("shows the bar, position over head, the rate and the time left", () => {
    expect(
      renderProgress({ label: "customer-summary", position: 5_000, head: 10_000, events: 5_000, elapsedMs: 500 }, 10),
    ).toBe("customer-summary [#####-----] 50% 5,000/10,000 · 10,000 events/s · ETA 500 ms");
    expect(renderProgress({ label: "x", position: 0, head: 0, events: 0, elapsedMs: 0 }, 4)).toBe(
      "x [####] 100% 0/0 · 0 events/s · ETA 0 ms",
    );
    expect(renderProgress({ label: "x", position: 0, head: 10, events: 0, elapsedMs: 0 }, 4)).toMatch(/ETA \?$/);
  });

  it("formats durations for people", () => {
    expect([450, 1_250, 65_000].map(formatDuration)).toEqual(["450 ms", "1.3 s", "1 min 5 s"]);
  });

  it("redraws in place on a terminal at most every interval, and clears before the summary", () => {
    const out: string[] = [];
    let clock = 0;
    const bar = createProgressReporter((text) => out.push(text), { tty: true, intervalMs: 100, now: () => clock });
    const state = { label: "p", position: 1, head: 2, events: 1, elapsedMs: 10 };
    bar.update(state);
    clock = 50;
    bar.update(state);
    clock = 150;
    bar.update(state);
    bar.done();
    expect(out).toHaveLength(3);
    expect(out[0]?.startsWith("\r\x1b[2Kp [")).toBe(true);
    expect(out[2]).toBe("\r\x1b[2K");
  });

  it("prints whole lines when not on a terminal", () => {
    const out: string[] = [];
    const bar = createProgressReporter((text) => out.push(text), { tty: false, now: () => 0 });
    bar.update({ label: "p", position: 1, head: 1, events: 1, elapsedMs: 1 });
    bar.done();
    expect(out).toEqual(["p [########################] 100% 1/1 · 1,000 events/s · ETA 0 ms\n"]);
  });
});
