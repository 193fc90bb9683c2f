import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import ts from "typescript";
import { findImportCycles } from "./import-cycles.js";

// `npm run lint` step: fails when any two source files import each other, directly or through others (type-only
// imports included). Reads the tracked and untracked-but-not-ignored TypeScript files of the repository.

if (process.argv.includes("--help")) {
  process.stdout.write(
    "usage: tsx scripts/check-import-cycles.ts\n" +
      "Lists every import cycle among the repository's TypeScript files (relative imports, type-only ones too)\n" +
      "and exits 1 when there is one, 0 when there is none.\n",
  );
  process.exit(0);
}

const root = resolve(import.meta.dirname, "..");
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((file) => file && !file.endsWith(".d.ts") && existsSync(join(root, file)));

/** The repository-relative file a relative import specifier names (`./x.js` → `x.ts`), if it is one of ours. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = join(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  return candidates.map((file) => relative(root, join(root, file))).find((file) => existsSync(join(root, file)));
}

const graph = new Map<string, string[]>();
for (const file of files) {
  const imported = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true).importedFiles;
  graph.set(
    file,
    imported.flatMap(({ fileName }) => resolveImport(file, fileName) ?? []),
  );
}

const cycles = findImportCycles(graph);
if (cycles.length === 0) {
  process.stdout.write(`import cycles: none among ${files.length} files\n`);
} else {
  process.stderr.write(`import cycles: ${cycles.length} group(s) of files import each other:\n`);
  for (const cycle of cycles) process.stderr.write(`  - ${cycle.join(" → ")}\n`);
  process.stderr.write("Move what both sides need into a module that neither imports back.\n");
  process.exit(1);
}
