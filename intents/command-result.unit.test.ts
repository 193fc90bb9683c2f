import { describe, expect, it } from "vitest";
import { capturedIo } from "../tools/cli/testing/captured-io.js";
import { exitCodeOf } from "./command-result.js";

describe("exitCodeOf", () => {
  it("prints a failure with its code and what to do next (exit 1), a usage problem with the usage (exit 2)", () => {
    const failed = capturedIo();
    const outdated = { ok: false, code: "model_out_of_date", message: "m differs" } as const;
    expect(exitCodeOf(outdated, failed, "intents build-default", "Usage: …\n")).toBe(1);
    expect(failed.err()).toBe(
      "intents build-default: model_out_of_date: m differs; run build-default without --check to rebuild it, " +
        "and commit the result\n",
    );
    const usage = capturedIo();
    expect(exitCodeOf({ ok: false, code: "usage", message: "--x?" }, usage, "intents eval", "Usage: …\n")).toBe(2);
    expect(usage.err()).toBe("intents eval: --x?\n\nUsage: …\n");
    expect(exitCodeOf({ ok: true }, capturedIo(), "intents eval", "")).toBe(0);
  });
});
