import type { ErasureService } from "../../central/erasure/erasure-service.js";

/** An erasure service for app tests that do not exercise erasure: calling it fails the test loudly. */
export const unusedErasure: ErasureService = {
  erase: async () => {
    throw new Error("erasure is not part of this test");
  },
};
