import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../scripts/stack/free-port.js";
import { startStack, type RunningStack, type StackOptions } from "../scripts/stack/start-stack.js";

/**
 * What a benchmark chooses about its stack; free ports (unless it names the edge's), the data directory and central's
 * environment are set here.
 */
export type OfflineStackOptions = Omit<
  StackOptions,
  "centralPort" | "edgePort" | "inspectorPort" | "dataDir" | "centralEnv"
> & { edgePort?: number };

/**
 * Runs `body` against a fresh local stack — central on PGlite in a temporary directory, on the offline model streaming
 * without pauses (GEMINI_API_KEY and DATABASE_URL left out of its environment), the edge in wrangler dev — then stops
 * the stack and removes the directory, also when `body` throws.
 */
export async function withOfflineStack<T>(
  name: string,
  options: OfflineStackOptions,
  body: (stack: RunningStack) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), `frontdesk-bench-${name}-`));
  const { GEMINI_API_KEY: _offline, DATABASE_URL: _embedded, ...centralEnv } = process.env;
  const { edgePort, ...rest } = options;
  const stack = await startStack({
    ...rest,
    centralPort: await freePort(),
    edgePort: edgePort ?? (await freePort()),
    inspectorPort: await freePort(),
    dataDir,
    centralEnv: { ...centralEnv, OFFLINE_TOKEN_DELAY_MS: "0" },
  });
  try {
    return await body(stack);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
