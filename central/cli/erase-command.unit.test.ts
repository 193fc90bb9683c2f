import { describe, expect, it } from "vitest";
import { erasureReportSchema, type ErasureReport } from "../../shared/admin-api.js";
import { err, ok } from "../../shared/result.js";
import type { CentralConfig } from "../config.js";
import type { ErasureRequest } from "../erasure/erasure-service.js";
import { EXIT_CODES as EXIT } from "../../tools/cli/cli-command.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { createEraseCommand, ERASE_USAGE } from "./erase-command.js";

const REPORT: ErasureReport = {
  tenantId: "acme",
  customerId: "c-1",
  alreadyErased: false,
  keyDestroyed: true,
  erasure: {
    eventId: "e-1",
    stream: "customer:acme:c-1",
    streamVersion: 2,
    globalPosition: 9,
    recordedAt: "2026-11-23T12:00:00.000Z",
  },
  counts: { events: 4, eventsWithPersonalData: 3, personalFields: 5 },
  completedAt: "2026-11-23T12:00:00.000Z",
};

function harness(outcome: "ok" | "incomplete" | "throws" = "ok") {
  const out: string[] = [];
  const errors: string[] = [];
  const requests: ErasureRequest[] = [];
  const configs: CentralConfig[] = [];
  let closed = 0;
  const io: CliIo = {
    env: { FRONTDESK_DATA_DIR: "/tmp/unused" },
    stdout: (text) => out.push(text),
    stderr: (text) => errors.push(text),
  };
  /** Fake opener recording requests instead of touching a database. */
  const command = createEraseCommand({
    openErasure: async (config) => {
      configs.push(config);
      return {
        notes: ["the edge cache is in memory"],
        close: async () => void closed++,
        erasure: {
          erase: async (request) => {
            requests.push(request);
            if (outcome === "throws") throw new Error("database went away");
            return outcome === "ok"
              ? ok(REPORT)
              : err({ code: "erasure_incomplete", step: "summary_cache", message: "cache down: retry" });
          },
        },
      };
    },
  });
  return { command, io, out, errors, requests, configs, closed: () => closed };
}

describe("frontdesk erase", () => {
  it("prints its help with --help and -h", async () => {
    for (const flag of ["--help", "-h"]) {
      const { command, io, out } = harness();
      expect(await command.run([flag], io)).toBe(EXIT.ok);
      expect(out.join("")).toBe(ERASE_USAGE);
    }
    expect(ERASE_USAGE).toMatch(/--tenant <id>.*required/);
  });

  it("erases with the given tenant, customer, reason and requester, and prints what happened", async () => {
    const { command, io, out, errors, requests, closed } = harness();
    const code = await command.run(
      ["--tenant", "acme", "--customer", "c-1", "--reason", "GDPR #42", "--requested-by", "dpo@acme"],
      io,
    );
    expect(code).toBe(EXIT.ok);
    expect(requests).toEqual([{ tenantId: "acme", customerId: "c-1", reason: "GDPR #42", requestedBy: "dpo@acme" }]);
    expect(out.join("")).toMatch(
      /acme\/c-1 erased: key destroyed.*\n4 events name the customer.*5 personal fields in 3/,
    );
    expect(errors.join("")).toMatch(/note: the edge cache is in memory/);
    expect(closed()).toBe(1);
  });

  it("defaults the reason and the requester, and prints JSON with --json", async () => {
    const { command, io, out, requests } = harness();
    expect(await command.run(["--tenant=acme", "--customer=c-1", "--json"], io)).toBe(EXIT.ok);
    expect(requests[0]).toMatchObject({
      reason: "erasure requested from the command line",
      requestedBy: expect.stringMatching(/^cli:/),
    });
    expect(erasureReportSchema.parse(JSON.parse(out.join("")))).toEqual(REPORT);
  });

  it("needs no HTTP tokens to run", async () => {
    const { command, io, configs } = harness();
    expect(await command.run(["--tenant", "acme", "--customer", "c-1"], io)).toBe(EXIT.ok);
    expect(configs[0]?.dataDir).toBe("/tmp/unused");
  });

  it("answers usage errors with exit code 2 and the help, touching nothing", async () => {
    const cases = [
      [],
      ["--tenant", "acme"],
      ["--tenant", "acme", "--customer", "c:1"],
      ["--tenant", "acme", "--customer", "c-1", "--bogus"],
      ["--tenant", "acme", "--customer", "c-1", "--reason", " "],
      ["stray"],
    ];
    for (const argv of cases) {
      const { command, io, errors, requests } = harness();
      expect(await command.run(argv, io), argv.join(" ")).toBe(EXIT.usage);
      expect(errors.join("")).toContain("Usage: frontdesk erase");
      expect(requests).toEqual([]);
    }
  });

  it("exits 1 on an invalid configuration, an incomplete erasure or an error, closing what it opened", async () => {
    const invalid = harness();
    expect(
      await invalid.command.run(["--tenant", "acme", "--customer", "c-1"], {
        ...invalid.io,
        env: { DATABASE_URL: "mysql://x" },
      }),
    ).toBe(EXIT.failed);
    expect(invalid.errors.join("")).toMatch(/configuration is not valid/);
    const incomplete = harness("incomplete");
    expect(await incomplete.command.run(["--tenant", "acme", "--customer", "c-1"], incomplete.io)).toBe(EXIT.failed);
    expect(incomplete.errors.join("")).toMatch(/incomplete: cache down: retry/);
    const throws = harness("throws");
    expect(await throws.command.run(["--tenant", "acme", "--customer", "c-1"], throws.io)).toBe(EXIT.failed);
    expect(throws.errors.join("")).toMatch(/database went away \(run it again/);
    expect(throws.closed()).toBe(1);
  });
});
