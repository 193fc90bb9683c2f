import { defineConfig } from "vitest/config";

/** Two projects: Node (shared, central, cross-component) and workerd (the edge Worker). */
export default defineConfig({
  test: {
    projects: ["./vitest.node.config.ts", "./vitest.workers.config.ts"],
  },
});
