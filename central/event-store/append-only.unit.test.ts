import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CENTRAL = fileURLToPath(new URL("..", import.meta.url));

/** Statements that would change or remove recorded events, in drizzle calls or raw SQL. */
const FORBIDDEN = [
  /\.(update|delete)\(\s*(events|eventsTable)\s*\)/,
  /\b(update|delete\s+from|truncate(\s+table)?)\s+"?events"?(\s|;|$)/i,
  /\bdrop\s+table\s+(if\s+exists\s+)?"?events"?/i,
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "migrations" ? [] : sourceFiles(full);
      return entry.name.endsWith(".ts") && !entry.name.includes(".test.") ? [full] : [];
    }),
  );
  return nested.flat();
}

describe("the event log is append-only", () => {
  it("has no application code that updates, deletes or truncates event rows", async () => {
    const files = await sourceFiles(CENTRAL);
    expect(files.length).toBeGreaterThan(20);
    const offending: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (FORBIDDEN.some((pattern) => pattern.test(line)))
          offending.push(`${path.relative(CENTRAL, file)}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it("would notice such a statement", () => {
    for (const line of [
      "await tx.update(eventsTable).set({})",
      'db.execute(sql`DELETE FROM "events" WHERE 1`)',
      "truncate events;",
    ]) {
      expect(FORBIDDEN.some((pattern) => pattern.test(line))).toBe(true);
    }
  });
});
