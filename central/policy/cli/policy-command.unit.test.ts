import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../../test/support/temp-dir.js";
import { createAdminAuth, tokenSha256 } from "../../auth/index.js";
import type { CliIo } from "../../../tools/cli/cli-io.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import { routeTestApp } from "../../http/testing/route-test-app.js";
import { policyRoutes } from "../http/policy-routes.js";
import { createInMemoryPolicySnapshotPublisher } from "../publish/in-memory-policy-snapshot-publisher.js";
import { createPolicyStore, type PolicyDryRun } from "../store/policy-store.js";
import { createPolicyAudit, createRecordedProposals } from "../store/recorded-proposals.js";
import { testPolicy } from "../testing/policy-documents.js";
import { createPolicyAdminClient } from "./policy-admin-client.js";
import { createPolicyCommand } from "./policy-command.js";

const ROOT = "root-admin-token-0123456789";
const READER = "acme-reader-token-0123456789";
let dir: { path: string; remove(): Promise<void> };
beforeAll(async () => void (dir = await makeTempDir()));
afterAll(async () => dir?.remove());

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** A central with the policy routes, served in-process: the CLI's fetch goes to `app.request`. */
function central(fakeAudit?: PolicyDryRun) {
  const eventStore = createInMemoryEventStore();
  const publisher = createInMemoryPolicySnapshotPublisher();
  const audit = fakeAudit ?? createPolicyAudit(createRecordedProposals(eventStore));
  const policies = createPolicyStore({
    eventStore,
    clock: () => new Date("2026-11-24T02:00:00.000Z"),
    publisher,
    dryRun: audit,
  });
  const auth = createAdminAuth({
    adminToken: ROOT,
    scopedTokens: [{ id: "reader", tokenSha256: tokenSha256(READER), tenantId: "acme", scopes: ["read"] }],
  });
  const app = routeTestApp(policyRoutes({ auth, policies, audit }));
  const command = createPolicyCommand({
    client: (options) =>
      createPolicyAdminClient({ ...options, fetch: async (input, init) => app.request(input, init) }),
  });
  return { command, eventStore, publisher };
}

async function run(
  command: ReturnType<typeof central>["command"],
  argv: string[],
  env: Record<string, string> = { FRONTDESK_TOKEN: ROOT },
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env, stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) };
  const code = await command.run(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}

describe("frontdesk policy", () => {
  it("validates local files offline, listing every problem of an invalid one", async () => {
    const { command } = central();
    const good = await file("good.json", testPolicy("acme", 1));
    const bad = await file("bad.json", { ...testPolicy("acme", 1), version: 0, currency: "euro", surprise: true });
    expect(await run(command, ["validate", good], {})).toMatchObject({
      code: 0,
      out: `${good}: valid (tenant acme, version 1)\n`,
    });
    const invalid = await run(command, ["validate", good, bad], {});
    expect(invalid.code).toBe(1);
    expect(invalid.out).toContain(`${bad}: 3 problem(s)`);
    expect(invalid.out).toMatch(/- version: /);
    expect(invalid.out).toMatch(/- currency: /);
    expect(invalid.out).toMatch(/- surprise: unknown field/);
  });

  it("diffs two local files offline", async () => {
    const { command } = central();
    const a = await file("a.json", testPolicy("acme", 1));
    const b = await file("b.json", testPolicy("acme", 2));
    const diff = await run(command, ["diff", a, b], {});
    expect(diff.code).toBe(0);
    expect(diff.out).toContain("version");
    expect(diff.out).toContain("maxAmountMinor");
  });

  it("pushes, activates over HTTP, rolls back naming the active version; a retried rollback does nothing", async () => {
    const { command, publisher } = central();
    for (const version of [1, 2]) {
      const pushed = await run(command, [
        "push",
        await file(`v${version}.json`, testPolicy("acme", version)),
        "--activate",
        "--reason",
        "launch",
      ]);
      expect(pushed).toMatchObject({ code: 0 });
      expect(pushed.out).toContain(`pushed tenant acme version ${version}`);
      expect(pushed.out).toContain("snapshot published to the edge cache");
    }
    expect((await run(command, ["list", "--tenant", "acme"])).out).toMatch(/active version 2\n.*v1.*\n {2}\* v2/);
    const rolledBack = await run(command, ["rollback", "--tenant", "acme", "--reason", "v2 too generous"]);
    expect(rolledBack).toMatchObject({ code: 0 });
    expect(rolledBack.out).toContain("rolled back from v2: tenant acme now runs policy v1 (was v2)");
    expect((await run(command, ["rollback", "--tenant", "acme", "--from-version", "2"])).out).toContain(
      "already runs policy v1; nothing recorded",
    );
    const cached = await publisher.read("acme");
    expect(cached.ok && cached.value?.snapshot.version).toBe(1);
    expect((await run(command, ["diff", "@2", "@active", "--tenant", "acme"])).out).toContain("version");
    expect(JSON.parse((await run(command, ["show", "active", "--tenant", "acme"])).out)).toMatchObject({
      tenantId: "acme",
      version: 1,
    });
  });

  it("prints central's problem with every issue of an invalid push; 403 for a token lacking policy:write", async () => {
    const { command } = central();
    const bad = await file("bad-push.json", {
      ...testPolicy("acme", 1),
      currency: "euro",
      rules: [{ id: "X", appliesTo: ["teleport"], when: [], then: "deny" }],
    });
    const pushed = await run(command, ["push", bad]);
    expect(pushed.code).toBe(1);
    expect(pushed.err).toContain("422 invalid_policy");
    expect(pushed.err).toMatch(/- currency: /);
    expect(pushed.err).toMatch(/- rules\.0\.id: /);
    expect(pushed.err).toMatch(/- rules\.0\.appliesTo\.0: /);
    const forbidden = await run(command, ["push", await file("ok.json", testPolicy("acme", 1))], {
      FRONTDESK_TOKEN: READER,
    });
    expect(forbidden).toMatchObject({ code: 1 });
    expect(forbidden.err).toContain("403 forbidden");
  });

  it("audits a version or a file (no recorded proposals yet: nothing would change)", async () => {
    const { command } = central();
    await run(command, ["push", await file("a1.json", testPolicy("acme", 1)), "--activate"]);
    expect(await run(command, ["audit", "--tenant", "acme"])).toMatchObject({
      code: 0,
      out: "would change 0 of 0 recorded decisions (0 stricter, 0 looser; 0 executed actions now denied)\n",
    });
    const json = await run(
      command,
      [
        "audit",
        "--tenant",
        "acme",
        "--file",
        await file("cand.json", testPolicy("acme", 5)),
        "--limit",
        "10",
        "--json",
      ],
      { FRONTDESK_TOKEN: READER },
    );
    expect(JSON.parse(json.out)).toMatchObject({ candidateVersion: 5, examined: 0, changed: 0 });
  });

  it("does not activate when the dry-run changes more decisions than --max-changed allows", async () => {
    const { command } = central(async (_tenantId, candidate, limit) => ({
      examined: limit,
      changed: 3,
      stricter: 3,
      looser: 0,
      executedNowDenied: 1,
      candidateVersion: candidate.version,
      differences: [],
    }));
    const guarded = await run(command, [
      "push",
      await file("g1.json", testPolicy("acme", 1)),
      "--dry-run",
      "50",
      "--activate",
      "--max-changed",
      "2",
    ]);
    expect(guarded.code).toBe(1);
    expect(guarded.out).toContain("would change 3 of 50 recorded decisions");
    expect(guarded.err).toContain("not activated: the dry-run changes 3 decisions, more than --max-changed 2");
    expect((await run(command, ["list", "--tenant", "acme"])).out).toContain("active version none");
    const allowed = await run(command, [
      "push",
      await file("g1.json", testPolicy("acme", 1)),
      "--dry-run",
      "50",
      "--activate",
      "--max-changed",
      "3",
    ]);
    expect(allowed).toMatchObject({ code: 0 });
    expect(allowed.out).toContain("now runs policy v1");
    expect(
      (await run(command, ["push", await file("g1.json", testPolicy("acme", 1)), "--max-changed", "3"])).code,
    ).toBe(2);
  });

  it("answers usage problems with exit 2 and --help with exit 0", async () => {
    const { command } = central();
    for (const argv of [
      [],
      ["frobnicate"],
      ["activate", "--tenant", "acme"],
      ["activate", "x", "--tenant", "acme"],
      ["list"],
      ["push"],
      ["audit", "--tenant", "acme", "--version", "1", "--file", "f"],
      ["rollback", "--tenant", "a:b"],
    ]) {
      const result = await run(command, argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err).toContain("Usage: frontdesk policy");
    }
    for (const argv of [["--help"], ["push", "--help"], ["audit", "-h"]])
      expect((await run(command, argv)).code).toBe(0);
  });

  it("prints a sub-command's own help, and names the sub-command in its usage problems", async () => {
    const { command } = central();
    const help = await run(command, ["push", "--help"]);
    expect(help).toMatchObject({ code: 0, err: "" });
    expect(help.out).toMatch(/^Usage: frontdesk policy push <file> \[--dry-run N\] \[--activate\]/);
    expect(help.out).not.toContain("Sub-commands:");
    expect((await run(command, ["--help"])).out).toContain("Sub-commands:");
    const problem = await run(command, ["activate", "x", "--tenant", "acme"]);
    expect(problem.err).toMatch(
      /^frontdesk policy activate: activate takes a version number\n\nUsage: frontdesk policy activate/,
    );
    expect((await run(command, ["frobnicate"])).err).toMatch(
      /^frontdesk policy: unknown sub-command 'frobnicate': use validate/,
    );
  });

  it("says how to give a token, and reports an unreachable central", async () => {
    const noToken = await run(createPolicyCommand(), ["list", "--tenant", "acme"], {});
    expect(noToken).toMatchObject({ code: 2 });
    expect(noToken.err).toMatch(/^frontdesk policy list: no admin token: pass --token or set FRONTDESK_TOKEN/);
    expect(noToken.err).toContain("\n\nUsage: frontdesk policy list --tenant T");
    const unreachable = await run(createPolicyCommand(), ["list", "--tenant", "acme", "--url", "http://127.0.0.1:9"]);
    expect(unreachable).toMatchObject({ code: 1 });
    expect(unreachable.err).toContain("cannot reach central at http://127.0.0.1:9");
    expect(unreachable.err).toMatch(/\n\(is central running\? Pass --url or set FRONTDESK_URL\)\n$/);
  });
});
