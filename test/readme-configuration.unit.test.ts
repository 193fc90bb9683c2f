import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../central/config.js";

const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");

describe("README configuration table", () => {
  it("documents every variable central reads, with its default", () => {
    for (const variable of CONFIG_VARIABLES) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${variable.name}\` |`));
      expect(row, `README row for ${variable.name}`).toBeDefined();
      if (variable.default !== null) expect(row, variable.name).toContain(`\`${variable.default}\``);
    }
  });

  it("documents every variable of the edge Worker's Env", async () => {
    const wrangler = await readFile(new URL("../wrangler.toml", import.meta.url), "utf8");
    const names = [...wrangler.matchAll(/^([A-Z_]+)\s*=/gm)].map((match) => match[1]);
    names.push(...[...wrangler.matchAll(/required = \[([^\]]*)\]/g)].flatMap((m) => m[1]!.match(/[A-Z_]+/g) ?? []));
    expect(names).toContain("EDGE_TOKEN");
    const edgeSection = readme.slice(readme.indexOf("Edge (`wrangler.toml`"));
    const edgeTable = edgeSection.slice(0, edgeSection.indexOf("\n\n", edgeSection.indexOf("| ---")));
    for (const name of names) expect(edgeTable, name).toContain(`| \`${name}\` |`);
  });
});
