import { describe, expect, it } from "vitest";
import { commandFailed, EXIT_CODES } from "./cli-command.js";
import { tryParseArgs } from "./command-args.js";
import { createCommandGroup, helpFor, subCommandOf, type GroupArgs } from "./command-group.js";
import { formatUsage } from "./format-usage.js";
import { capturedIo } from "./testing/captured-io.js";

const SUBS = ["greet", "fail"] as const;
type Args = { sub: "greet"; name: string } | { sub: "fail" };

function parse(argv: string[]): GroupArgs<(typeof SUBS)[number], Args> {
  const parsed = tryParseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h", default: false } },
  });
  if (!parsed.ok) return { ...parsed, sub: undefined };
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true, sub: helpFor(positionals, SUBS) } };
  const sub = subCommandOf(positionals, SUBS);
  if (!sub.ok) return { ...sub, sub: undefined };
  if (sub.sub === "fail") return { ok: true, value: { help: false, sub: "fail" } };
  const [name] = sub.rest;
  if (name === undefined) return { ok: false, message: "greet takes a name", sub: "greet" };
  return { ok: true, value: { help: false, sub: "greet", name } };
}

const group = createCommandGroup<(typeof SUBS)[number], Args>({
  program: "demo",
  name: "hello",
  summary: "Greets",
  usage: formatUsage({ usage: ["demo hello greet <name>", "demo hello fail"] }),
  parse,
  subCommands: {
    greet: {
      usage: formatUsage({ usage: ["demo hello greet <name>"], about: ["Says hello."] }),
      run: async (args, io) => (io.stdout(`hello ${args.name}\n`), EXIT_CODES.ok),
    },
    fail: {
      usage: formatUsage({ usage: ["demo hello fail"] }),
      run: async (_args, io, command) => commandFailed(io, command, "it failed (try again later)"),
    },
  },
});

async function run(...argv: string[]) {
  const io = capturedIo();
  const code = await group.run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("createCommandGroup", () => {
  it("runs the sub-command named first with its own arguments", async () => {
    expect(await run("greet", "ada")).toEqual({ code: 0, out: "hello ada\n", err: "" });
  });

  it("names the sub-command in its failures (exit 1)", async () => {
    expect(await run("fail")).toEqual({ code: 1, out: "", err: "demo hello fail: it failed (try again later)\n" });
  });

  it("prints the group's help, or the sub-command's when one is named, to stdout (exit 0)", async () => {
    expect(await run("--help")).toEqual({
      code: 0,
      out: "Usage: demo hello greet <name>\n       demo hello fail\n",
      err: "",
    });
    expect(await run("greet", "-h")).toEqual({
      code: 0,
      out: "Usage: demo hello greet <name>\n\nSays hello.\n",
      err: "",
    });
  });

  it("answers a missing or unknown sub-command with the group's usage, a sub-command's with its own", async () => {
    expect(await run()).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^demo hello: a sub-command is required: greet, fail\n\nUsage: demo hello greet/),
    });
    expect(await run("wave")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^demo hello: unknown sub-command 'wave': use greet, fail\n\n/),
    });
    expect(await run("--loud")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^demo hello: Unknown option '--loud'/),
    });
    expect(await run("greet")).toEqual({
      code: 2,
      out: "",
      err: "demo hello greet: greet takes a name\n\nUsage: demo hello greet <name>\n\nSays hello.\n",
    });
  });
});

describe("formatUsage", () => {
  it("puts Usage lines, about, options and notes in blocks separated by one blank line", () => {
    expect(
      formatUsage({
        usage: ["a x", "a y"],
        about: ["Does a."],
        options: ["  -h, --help  show this help"],
        notes: ["Exit codes: 0."],
      }),
    ).toBe("Usage: a x\n       a y\n\nDoes a.\n\nOptions:\n  -h, --help  show this help\n\nExit codes: 0.\n");
  });
});
