import { describe, expect, it } from "vitest";
import { argsOrExit, tryParseArgs } from "./command-args.js";
import { capturedIo } from "./testing/captured-io.js";

describe("tryParseArgs", () => {
  it("answers parsed values, and an unknown option as a usage problem instead of a throw", () => {
    const options = { n: { type: "string" } } as const;
    expect(tryParseArgs({ args: ["--n", "3"], options })).toMatchObject({ ok: true, value: { values: { n: "3" } } });
    expect(tryParseArgs({ args: ["--m"], options })).toMatchObject({
      ok: false,
      message: expect.stringContaining("Unknown option '--m'"),
    });
  });
});

describe("argsOrExit", () => {
  it("prints a usage problem with the usage to stderr (exit 2) and --help to stdout (exit 0)", () => {
    const problem = capturedIo();
    expect(argsOrExit("demo run", { ok: false, message: "--x is required" }, "Usage: demo run --x\n", problem)).toEqual(
      {
        ok: false,
        exitCode: 2,
      },
    );
    expect(problem.err()).toBe("demo run: --x is required\n\nUsage: demo run --x\n");
    const help = capturedIo();
    expect(argsOrExit("demo run", { ok: true, value: { help: true } }, "Usage: demo run --x\n", help)).toEqual({
      ok: false,
      exitCode: 0,
    });
    expect(help.out()).toBe("Usage: demo run --x\n");
  });

  it("hands over the arguments to run with", () => {
    const args = { help: false as const, x: 1 };
    expect(argsOrExit("demo run", { ok: true, value: args }, "", capturedIo())).toEqual({ ok: true, args });
  });
});
