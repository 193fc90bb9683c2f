import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";

/** Tests that run inside workerd: the edge Worker, with a wrangler config made for tests. */
export default defineWorkersProject({
  test: {
    name: "workerd",
    include: ["edge/**/*.test.ts", "shared/http/**/*.test.ts"],
    // Runs in Node: starts the Upstash-REST dev server(s) the edge summary reader is tested against (inject()).
    globalSetup: ["./test/support/workerd-upstash.global-setup.ts"],
    poolOptions: {
      workers: {
        singleWorker: true,
        wrangler: { configPath: "./edge/wrangler.test.toml" },
        miniflare: { bindings: { EDGE_TOKEN: "test-edge-token-0123456789" } },
      },
    },
  },
});
