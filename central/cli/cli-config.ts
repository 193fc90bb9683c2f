import { loadConfig, type CentralConfig } from "../config.js";
import type { Result } from "../../shared/result.js";

/**
 * Central's configuration for a command run beside the server: the same variables (DATABASE_URL, FRONTDESK_DATA_DIR,
 * ENCRYPTION_MASTER_KEY, …), but the HTTP tokens, which commands do not use, may be unset.
 */
export function loadCliConfig(
  env: Record<string, string | undefined>,
): Result<CentralConfig, { code: "invalid_config"; problems: string[] }> {
  return loadConfig({
    ...env,
    ADMIN_TOKEN: env.ADMIN_TOKEN || "unused-by-cli-admin-token",
    EDGE_TOKEN: env.EDGE_TOKEN || "unused-by-cli-edge-token",
  });
}
