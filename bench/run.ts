/** `npm run bench -- <name>`: runs one benchmark from bench/ and prints its figures as ONE final JSON line. */
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Benchmark } from "./benchmark.js";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

async function available(): Promise<string[]> {
  const entries = await readdir(BENCH_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const names = await available();
  if (!name || name === "--help" || name === "-h") {
    console.log(`Usage: npm run bench -- <name> [--help]\n\nBenchmarks: ${names.join(", ")}`);
    return name ? 0 : 1;
  }
  if (!names.includes(name)) {
    console.error(`Unknown benchmark "${name}". Available: ${names.join(", ")}`);
    return 1;
  }
  const module = (await import(`./${name}/index.ts`)) as { default: Benchmark };
  const bench = module.default;
  if (rest.includes("--help")) {
    console.log(`${name}: ${bench.description}`);
    return 0;
  }
  const progress = (message: string) => console.error(`[${name}] ${message}`);
  const metrics = await bench.run({ progress, args: rest });
  console.log(JSON.stringify({ bench: name, metrics }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
