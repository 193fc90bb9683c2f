import { defineProject } from "vitest/config";

/** Tests that run in Node: shared contracts, the central service, end-to-end and benchmark helpers. */
export default defineProject({
  test: {
    name: "node",
    include: [
      "shared/**/*.test.ts",
      "central/**/*.test.ts",
      "test/**/*.test.ts",
      "scripts/**/*.test.ts",
      "bench/**/*.test.ts",
      "intents/**/*.test.ts",
      "tools/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
