import { randomBytes } from "node:crypto";
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test/support/temp-dir.js";
import { MASTER_KEY_FILE, resolveMasterKey } from "./master-key.js";

let dir: { path: string; remove(): Promise<void> };

beforeEach(async () => {
  dir = await makeTempDir();
});

afterEach(async () => {
  await dir.remove();
});

describe("resolveMasterKey", () => {
  it("uses ENCRYPTION_MASTER_KEY when it is set, with either database", async () => {
    const configured = randomBytes(32);
    for (const kind of ["pglite", "postgres"] as const) {
      const result = await resolveMasterKey({ configured: configured.toString("base64"), dataDir: dir.path, kind });
      expect(result.ok && result.value.key.equals(configured)).toBe(true);
      expect(result.ok && result.value.source).toBe("configured");
    }
  });

  it("refuses a configured key that is not 32 bytes of base64", async () => {
    const result = await resolveMasterKey({
      configured: randomBytes(16).toString("base64"),
      dataDir: dir.path,
      kind: "pglite",
    });
    expect(!result.ok && result.error.code).toBe("master_key_invalid");
  });

  it("requires a configured key with PostgreSQL", async () => {
    const result = await resolveMasterKey({ configured: undefined, dataDir: dir.path, kind: "postgres" });
    expect(!result.ok && result.error.code).toBe("master_key_required");
  });

  it("generates the key file once with mode 0600, says so once, and reuses it", async () => {
    const lines: string[] = [];
    const options = {
      configured: undefined,
      dataDir: path.join(dir.path, "nested"),
      kind: "pglite" as const,
      log: (line: string) => lines.push(line),
    };
    const first = await resolveMasterKey(options);
    const second = await resolveMasterKey(options);
    if (!first.ok || !second.ok) throw new Error("expected keys");
    expect(first.value.source).toBe("generated");
    expect(second.value.source).toBe("file");
    expect(second.value.key.equals(first.value.key)).toBe(true);
    expect(first.value.file).toBe(path.join(dir.path, "nested", MASTER_KEY_FILE));
    expect((await stat(first.value.file ?? "")).mode & 0o777).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/generated the encryption master key/);
  });

  it("agrees on one key when several starts race to generate it", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => resolveMasterKey({ configured: undefined, dataDir: dir.path, kind: "pglite" })),
    );
    const keys = results.map((result) => (result.ok ? result.value.key.toString("hex") : "failed"));
    expect(new Set(keys).size).toBe(1);
    expect(results.filter((result) => result.ok && result.value.source === "generated")).toHaveLength(1);
  });

  it("refuses a damaged key file instead of replacing it", async () => {
    await writeFile(path.join(dir.path, MASTER_KEY_FILE), "not a key\n", { mode: 0o600 });
    const result = await resolveMasterKey({ configured: undefined, dataDir: dir.path, kind: "pglite" });
    expect(!result.ok && result.error).toMatchObject({
      code: "master_key_invalid",
      message: expect.stringMatching(/restore it/),
    });
  });

  it("warns when the key file is readable by others", async () => {
    await writeFile(path.join(dir.path, MASTER_KEY_FILE), `${randomBytes(32).toString("base64")}\n`, { mode: 0o644 });
    const lines: string[] = [];
    const result = await resolveMasterKey({
      configured: undefined,
      dataDir: dir.path,
      kind: "pglite",
      log: (line) => lines.push(line),
    });
    expect(result.ok).toBe(true);
    expect(lines.join("\n")).toMatch(/chmod 600/);
  });
});
