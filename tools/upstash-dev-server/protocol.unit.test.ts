import { describe, expect, it } from "vitest";
import { parseCommand, parseCommandList, parseJson, refusedCommand } from "./protocol.js";

describe("request parsing", () => {
  it("upper-cases the command name and turns numbers and booleans into text", () => {
    expect(parseCommand(["set", "k", 12, true])).toEqual({ ok: true, value: ["SET", "k", "12", "true"] });
    expect(
      parseCommandList([
        ["get", "a"],
        ["incr", "b"],
      ]),
    ).toEqual({
      ok: true,
      value: [
        ["GET", "a"],
        ["INCR", "b"],
      ],
    });
  });

  it.each([
    [{ command: "GET" }, /must be a JSON array/],
    [[], /empty/],
    [["GET", { nested: true }], /at \[1\].*string, number or boolean/],
    [["GET", null], /at \[1\]/],
  ])("rejects a malformed single command %j", (body, message) => {
    const parsed = parseCommand(body);
    if (parsed.ok) throw new Error("expected a malformed request");
    expect(parsed.error.message).toMatch(/^ERR malformed request body/);
    expect(parsed.error.message).toMatch(message);
  });

  it.each([[["GET", "a"]], [[]], [[[]]], [[["GET"], "SET"]]])("rejects a malformed command list %j", (body) => {
    expect(parseCommandList(body).ok).toBe(false);
  });

  it("reports bad JSON as a malformed body", () => {
    const parsed = parseJson("{not json");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/^ERR malformed request body: not JSON/);
  });

  it("refuses commands that would change or block the shared connection, pointing MULTI at /multi-exec", () => {
    expect(refusedCommand("MULTI")).toMatch(/multi-exec/);
    expect(refusedCommand("SELECT")).toMatch(/not allowed/);
    expect(refusedCommand("BLPOP")).toMatch(/not allowed/);
    expect(refusedCommand("GET")).toBeNull();
  });
});
