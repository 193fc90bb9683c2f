import { describe, expect, it } from "vitest";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { createAdminAuth, tokenSha256 } from "./admin-auth.js";
import { scopedAdminTokenSchema } from "./admin-scopes.js";
import { createTokensCommand } from "./tokens-command.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { env: {}, stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) };
  return { io: value, out, err };
}

describe("frontdesk tokens create", () => {
  it("prints a token and an ADMIN_TOKENS entry holding only its digest, which then authenticates it", async () => {
    const { io: cli, out } = io();
    const code = await createTokensCommand().run(
      ["create", "--id", "ops-acme", "--tenant", "acme", "--scopes", "read,policy:write", "--json"],
      cli,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("")) as { token: string; entry: unknown };
    const entry = scopedAdminTokenSchema.parse(printed.entry);
    expect(entry).toEqual({
      id: "ops-acme",
      tenantId: "acme",
      scopes: ["read", "policy:write"],
      tokenSha256: tokenSha256(printed.token),
    });
    expect(JSON.stringify(entry)).not.toContain(printed.token);
    const auth = createAdminAuth({ adminToken: "root-token-0123456789abcdef", scopedTokens: [entry] });
    expect(auth.authenticate(printed.token)?.id).toBe("ops-acme");
  });

  it("refuses unknown scopes, a bad tenant or a missing id with exit code 2", async () => {
    for (const argv of [
      ["create", "--id", "x", "--tenant", "acme", "--scopes", "root"],
      ["create", "--id", "x", "--tenant", "a:b", "--scopes", "read"],
      ["create", "--tenant", "acme", "--scopes", "read"],
      ["make"],
    ]) {
      const { io: cli, err } = io();
      expect(await createTokensCommand().run(argv, cli), argv.join(" ")).toBe(2);
      expect(err.join("")).toContain("Usage: frontdesk tokens create");
    }
  });

  it("prints its help with --help", async () => {
    const { io: cli, out } = io();
    expect(await createTokensCommand().run(["--help"], cli)).toBe(0);
    expect(out.join("")).toContain("ADMIN_TOKENS");
    const sub = io();
    expect(await createTokensCommand().run(["create", "--help"], sub.io)).toBe(0);
    expect(sub.out.join("")).toMatch(/^Usage: frontdesk tokens create --id/);
  });
});
