import { describe, expect, it } from "vitest";
import { createScriptedFakeLlmProvider, fakeReply } from "../../../test/support/scripted-fake-llm-provider.js";
import { createAdminAuth, tokenSha256 } from "../../auth/index.js";
import { EXIT_CODES } from "../../../tools/cli/cli-command.js";
import { routeTestApp } from "../../http/testing/route-test-app.js";
import { approvalRoutes } from "../http/approval-routes.js";
import { createActionsHarness, demoPolicyFor } from "../testing/actions-harness.js";
import { createApprovalsCommand, parseApprovalsArgs } from "./approvals-command.js";

const ROOT = "root-admin-token-0123456789";
const BOB = "bob-approver-token-0123456789";
const auth = createAdminAuth({
  adminToken: ROOT,
  scopedTokens: [{ id: "ops-bob", tokenSha256: tokenSha256(BOB), tenantId: "acme", scopes: ["approvals:write"] }],
});

async function setup() {
  const proposal = { type: "refund", amountMinor: 30_000, currency: "EUR", orderId: "A-1", reason: "parcel damaged" };
  const llm = createScriptedFakeLlmProvider({
    script: (request) =>
      fakeReply(request.responseFormat ? JSON.stringify({ proposals: [proposal] }) : "Let me check."),
  });
  const h = createActionsHarness({
    llm,
    policies: { acme: demoPolicyFor("acme") },
    orders: [
      {
        tenantId: "acme",
        customerId: "cust-1",
        orderId: "A-1",
        placedAt: "2026-11-15T12:00:00.000Z",
        totalMinor: 100_000,
      },
    ],
  });
  await h.say("my parcel A-1 is broken, refund 300 for order A-1");
  const app = routeTestApp(approvalRoutes({ approvals: h.actions.approvals, auth }));
  const urls: string[] = [];
  const command = createApprovalsCommand({
    fetch: async (input, init) => (urls.push(input), app.request(input, init)),
  });
  const run = async (argv: string[], env: Record<string, string> = { ADMIN_TOKEN: ROOT }) => {
    const out = { stdout: "", stderr: "" };
    const code = await command.run(argv, {
      env,
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
    });
    return { code, ...out };
  };
  const [action] = await h.actionStates();
  return { h, run, urls, actionId: action?.actionId ?? "" };
}

describe("frontdesk approvals", () => {
  it("lists the queue, then two admins approve a two_humans refund and it is executed", async () => {
    const { h, run, urls, actionId } = await setup();

    const listed = await run(["list", "--tenant", "acme"]);
    expect(listed.code).toBe(EXIT_CODES.ok);
    expect(listed.stdout).toContain(`${actionId}  refund 300.00 EUR order A-1  customer cust-1`);
    expect(listed.stdout).toMatch(/needs two_humans \(2 more\)/);
    expect(listed.stdout).toContain("refund-over-200");
    expect(listed.stdout).toContain("| customer: my parcel A-1 is broken, refund 300 for order A-1");
    expect(urls[0]).toBe("http://127.0.0.1:8788/v1/admin/tenants/acme/approvals");

    const first = await run(["approve", actionId, "--tenant", "acme", "--reason", "photos ok"]);
    expect(first.stdout).toBe(`action ${actionId}: approval recorded; 1 more from a different admin needed\n`);
    const second = await run([
      "approve",
      actionId,
      "--tenant",
      "acme",
      "--reason",
      "agreed",
      "--token",
      BOB,
      "--url",
      "http://central.test:9000/",
    ]);
    expect(second).toMatchObject({
      code: EXIT_CODES.ok,
      stdout: `action ${actionId}: approved and executed (reference fake-refund-1)\n`,
    });
    expect(urls.at(-1)).toBe(`http://central.test:9000/v1/admin/tenants/acme/approvals/${actionId}/approve`);
    expect(h.executor.executed).toHaveLength(1);
  });

  it("prints central's problem and exits 1 when a decision is refused", async () => {
    const { run, actionId } = await setup();
    await run(["reject", actionId, "--tenant", "acme", "--reason", "no"]);

    const again = await run(["approve", actionId, "--tenant", "acme", "--reason", "yes", "--json"], {
      FRONTDESK_TOKEN: ROOT,
    });

    expect(again.code).toBe(EXIT_CODES.failed);
    expect(again.stderr).toMatch(/^frontdesk approvals approve: 409 approval_not_pending: /);
  });

  it("says what to do next when central refuses the token", async () => {
    const { run } = await setup();
    const refused = await run(["list", "--tenant", "acme", "--token", "wrong-token-0123456789"]);
    expect(refused.code).toBe(EXIT_CODES.failed);
    expect(refused.stderr).toMatch(/^frontdesk approvals list: 401 unauthorized: /);
    expect(refused.stderr).toMatch(/\n\(pass a valid admin token with --token or FRONTDESK_TOKEN\)\n$/);
  });

  it("refuses bad usage with exit 2 and prints --help with exit 0", async () => {
    const { run } = await setup();

    expect(parseApprovalsArgs(["approve", "a-1", "--tenant", "acme"])).toEqual({
      ok: false,
      message: "--reason <text> is required to approve",
      sub: "approve",
    });
    expect(parseApprovalsArgs(["list"])).toMatchObject({ ok: false });
    expect(parseApprovalsArgs(["purge", "--tenant", "acme"])).toMatchObject({ ok: false });
    expect((await run(["list", "--tenant", "acme"], {})).code).toBe(EXIT_CODES.usage);
    const help = await run(["--help"]);
    expect(help).toMatchObject({ code: EXIT_CODES.ok });
    expect(help.stdout).toContain("Usage: frontdesk approvals list");
    const approveHelp = await run(["approve", "--help"]);
    expect(approveHelp).toMatchObject({ code: EXIT_CODES.ok, stderr: "" });
    expect(approveHelp.stdout).toMatch(/^Usage: frontdesk approvals approve <actionId> --tenant <tenantId> --reason/);
    expect(approveHelp.stdout).not.toContain("frontdesk approvals list");
  });

  it("answers a missing token as a usage problem naming the sub-command, with its usage (exit 2)", async () => {
    const { run } = await setup();
    const noToken = await run(["list", "--tenant", "acme"], {});
    expect(noToken).toMatchObject({ code: EXIT_CODES.usage, stdout: "" });
    expect(noToken.stderr).toMatch(/^frontdesk approvals list: no admin token: pass --token or set FRONTDESK_TOKEN/);
    expect(noToken.stderr).toContain("\n\nUsage: frontdesk approvals list --tenant <tenantId>");
  });
});
