import { defineWorkersProject } from "@cloudflare/vitest-pool-workers/config";

/** Tests that run inside workerd: the edge Worker, with a wrangler config made for tests. */
export default defineWorkersProject({
  test: {
    name: "workerd",
    include: ["edge/**/*.test.ts", "shared/http/**/*.test.ts"],
    poolOptions: {
      workers: {
        singleWorker: true,
        wrangler: { configPath: "./edge/wrangler.test.toml" },
        miniflare: { bindings: { EDGE_TOKEN: "test-edge-token-0123456789" } },
      },
    },
  },
});
