import { describe, expect, it } from "vitest";
import { EXIT_CODES, type CliCommand } from "./cli-command.js";
import { runCli, type CliProgram } from "./run-cli.js";
import { capturedIo } from "./testing/captured-io.js";

const echo: CliCommand = {
  name: "echo",
  summary: "Prints its arguments",
  run: async (argv, io) => (io.stdout(`${argv.join(" ")}\n`), EXIT_CODES.ok),
};
const program: CliProgram = {
  name: "demo",
  usage: "Usage: demo <command> [options]",
  about: ["Does demo things."],
  commands: [echo],
  helpHint: "Run demo <command> --help for a command's options.",
};

describe("runCli", () => {
  it("hands the arguments after the command's name to the command and answers its exit code", async () => {
    const io = capturedIo();
    expect(await runCli(program, ["echo", "a", "--b"], io)).toBe(0);
    expect(io.out()).toBe("a --b\n");
  });

  it("prints the program's usage with each command's summary to stdout for --help, -h and help (exit 0)", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const io = capturedIo();
      expect(await runCli(program, [flag], io)).toBe(EXIT_CODES.ok);
      expect(io.out()).toBe(
        "Usage: demo <command> [options]\n\nDoes demo things.\n\nCommands:\n  echo  Prints its arguments\n\n" +
          "Run demo <command> --help for a command's options.\n",
      );
      expect(io.err()).toBe("");
    }
  });

  it("prints the usage to stderr with exit 2 when no command is given", async () => {
    const io = capturedIo();
    expect(await runCli(program, [], io)).toBe(EXIT_CODES.usage);
    expect(io.err()).toMatch(/^Usage: demo <command>/);
    expect(io.out()).toBe("");
  });

  it("answers an unknown command as a usage problem naming it, then the usage (exit 2)", async () => {
    const io = capturedIo();
    expect(await runCli(program, ["fly"], io)).toBe(EXIT_CODES.usage);
    expect(io.err()).toMatch(/^demo: unknown command 'fly'\n\nUsage: demo <command>/);
  });
});
