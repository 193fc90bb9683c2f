import { z } from "zod";
import { err, ok, type Result } from "../shared/result.js";

/** The edge Worker's environment (wrangler vars and secrets), validated once and normalised. */
export const edgeEnvSchema = z.object({
  /** Central's base URL; a trailing slash is dropped. */
  CENTRAL_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  /** Timeout for central's response headers and between its events, in milliseconds. */
  CENTRAL_TIMEOUT_MS: z.coerce.number().int().positive(),
  /** Bearer token presented to central. */
  EDGE_TOKEN: z.string().min(16),
});

/** The validated edge environment. */
export type EdgeEnv = z.output<typeof edgeEnvSchema>;

/** Why the environment was rejected; `message` names the variables but never echoes their values. */
export interface EdgeEnvFailure {
  code: "invalid_env";
  message: string;
}

/** Validates the Worker's bindings into an {@link EdgeEnv}. */
export function parseEdgeEnv(env: unknown): Result<EdgeEnv, EdgeEnvFailure> {
  const parsed = edgeEnvSchema.safeParse(env);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
  return err({ code: "invalid_env", message: `Invalid edge environment — ${problems.join("; ")}` });
}
