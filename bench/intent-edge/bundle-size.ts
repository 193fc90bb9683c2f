import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

/** Size of what `wrangler deploy` would upload for a Worker: every output file, raw and gzip-compressed (level 9). */
export type BundleSize = { files: number; bytes: number; gzip_bytes: number };

/** Runs `wrangler deploy --dry-run --outdir` for `config` (nothing is uploaded) and sums the output files' sizes. */
export async function measureBundle(repoRoot: string, config: string): Promise<BundleSize> {
  const outdir = await mkdtemp(join(tmpdir(), "frontdesk-bundle-"));
  try {
    await promisify(execFile)(
      process.execPath,
      ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", outdir, "--config", config],
      {
        cwd: repoRoot,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    let files = 0,
      bytes = 0,
      gzipBytes = 0;
    for (const entry of await readdir(outdir, { recursive: true })) {
      const path = join(outdir, entry);
      if (!(await stat(path)).isFile() || entry.endsWith(".map") || entry === "README.md") continue;
      const content = await readFile(path);
      files++;
      bytes += content.length;
      gzipBytes += gzipSync(content, { level: 9 }).length;
    }
    return { files, bytes, gzip_bytes: gzipBytes };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
