import { z } from "zod";
import { channelsConfigSchema } from "../shared/channels/channels-config.js";
import { edgeRoutingSchema, modelPinsSchema } from "../shared/edge-routing.js";
import { webConfigSchema } from "../shared/web-config.js";
import { err, ok, type Result } from "../shared/result.js";
import { DEFAULT_BODY_READ_TIMEOUT_MS } from "./http/bounded-body/index.js";
import { DEFAULT_POLICY_REFRESH_MS } from "./policy/policy-snapshots.js";

/** An optional variable: absent, empty or blank means unset. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );
}

/** A variable holding JSON that must match `schema` (wrangler vars are strings; objects are accepted as-is). */
function jsonVar<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** The edge Worker's environment (wrangler vars and secrets), validated once and normalised. */
export const edgeEnvSchema = z
  .object({
    /** Central's base URL; a trailing slash is dropped. */
    CENTRAL_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
    /** Timeout for central's response headers and between its events, in milliseconds. */
    CENTRAL_TIMEOUT_MS: z.coerce.number().int().positive(),
    /** How long a request's whole body may take to arrive before the edge answers 408, in milliseconds. */
    BODY_READ_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(300_000)).transform(
      (value) => value ?? DEFAULT_BODY_READ_TIMEOUT_MS,
    ),
    /** Bearer token presented to central. */
    EDGE_TOKEN: z.string().min(16),
    /** REST URL of the customer-summary cache (Upstash or the dev server); unset → the edge reads no summaries. */
    UPSTASH_REDIS_REST_URL: optional(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL, or empty for no summary cache" }),
    ),
    /** Bearer token for UPSTASH_REDIS_REST_URL (a secret); ignored when the URL is unset. */
    UPSTASH_REDIS_REST_TOKEN: optional(z.string()),
    /** Routing rules (JSON, see shared/edge-routing.ts); unset → the bundled defaults for the shipped model. */
    EDGE_ROUTING: optional(jsonVar(edgeRoutingSchema)),
    /**
     * How long an isolate reuses a tenant's policy snapshot before reading the cache again, in ms (0 = every message).
     */
    POLICY_REFRESH_MS: optional(z.coerce.number().int().min(0).max(600_000)).transform(
      (value) => value ?? DEFAULT_POLICY_REFRESH_MS,
    ),
    /** Tenant → intent model version pins (JSON object); unset → every tenant uses the default bundled model. */
    EDGE_MODEL_PINS: optional(jsonVar(modelPinsSchema)),
    /**
     * Messaging channels per tenant (a JSON secret, see shared/channels/channels-config.ts); unset → no webhook routes.
     */
    CHANNELS_CONFIG: optional(jsonVar(channelsConfigSchema)),
    /** HMAC-SHA256 secret signing web conversation tokens (a secret, at least 32 characters). */
    CONVERSATION_TOKEN_SECRET: z.string().min(32, "must be at least 32 characters"),
    /** Web conversation token lifetime after the last message, in seconds; unset → 7 days. */
    CONVERSATION_TOKEN_TTL_SECONDS: optional(
      z.coerce
        .number()
        .int()
        .min(60)
        .max(90 * 86_400),
    ),
    /**
     * The web channel per tenant (a JSON secret, see shared/web-config.ts): identity-token keys, allowed origins, rate
     * limits. Unset → any tenant may chat anonymously, with the default limits.
     */
    WEB_CONFIG: optional(jsonVar(webConfigSchema)),
  })
  .refine((env) => !env.UPSTASH_REDIS_REST_URL || env.UPSTASH_REDIS_REST_TOKEN, {
    error: "is required when UPSTASH_REDIS_REST_URL is set",
    path: ["UPSTASH_REDIS_REST_TOKEN"],
  })
  .refine((env) => !env.CHANNELS_CONFIG || env.UPSTASH_REDIS_REST_URL, {
    error: "needs UPSTASH_REDIS_REST_URL (webhook de-duplication and send claims live there)",
    path: ["CHANNELS_CONFIG"],
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
