import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";

/**
 * transformers.js imports `onnxruntime-web/webgpu` (a 28 MB wasm); the edge uses the plain wasm build instead (the
 * same alias as wrangler.toml). The pool's `**\/*.wasm` module rule is not anchored and would also catch
 * `ort.wasm.bundle.min.mjs`, so the JS file is copied under a name without `.wasm` first.
 */
function ortWasmBundleCopy(): string {
  const source = join(
    dirname(createRequire(import.meta.url).resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm")),
    "ort.wasm.bundle.min.mjs",
  );
  const target = join(import.meta.dirname, "node_modules", ".cache", "frontdesk", "ort-web-bundle.min.mjs");
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  return target;
}

/** Tests that run inside workerd: the edge Worker, with a wrangler config made for tests. */
export default defineWorkersProject({
  resolve: { alias: { "onnxruntime-web/webgpu": ortWasmBundleCopy() } },
  test: {
    name: "workerd",
    // The first classification loads the model (seconds on a busy 2-core machine).
    testTimeout: 30_000,
    include: ["edge/**/*.test.ts", "shared/http/**/*.test.ts"],
    // Runs in Node: starts the Upstash-REST dev server(s) the edge summary reader is tested against (inject()).
    globalSetup: ["./test/support/workerd-upstash.global-setup.ts"],
    // transformers.js must go through vite (alias above, lazy import inside a request), not be externalised.
    server: { deps: { inline: ["@huggingface/transformers"] } },
    poolOptions: {
      workers: {
        singleWorker: true,
        wrangler: { configPath: "./edge/wrangler.test.toml" },
        miniflare: {
          bindings: {
            EDGE_TOKEN: "test-edge-token-0123456789",
            CONVERSATION_TOKEN_SECRET: "test-conversation-token-secret-0123456789",
          },
        },
      },
    },
  },
});
