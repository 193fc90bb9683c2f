import { z } from "zod";

/** Stable machine-readable error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  unauthorized: 401,
  webhook_signature_invalid: 401,
  webhook_stale: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  request_timeout: 408,
  body_incomplete: 400,
  unsupported_media_type: 415,
  stream_conflict: 409,
  invalid_policy: 422,
  policy_tenant_mismatch: 422,
  policy_version_exists: 409,
  policy_version_not_increasing: 409,
  no_rollback_target: 409,
  active_version_mismatch: 409,
  approval_not_pending: 409,
  duplicate_approver: 409,
  approval_expired: 410,
  policy_now_denies: 409,
  internal_error: 500,
  upstream_failed: 502,
  central_unavailable: 503,
  central_timeout: 504,
  model_unavailable: 503,
  channel_unavailable: 503,
  conversation_token_required: 401,
  conversation_token_invalid: 401,
  conversation_token_expired: 401,
  identity_token_invalid: 401,
  field_not_accepted: 400,
  conversation_tenant_mismatch: 400,
  unknown_tenant: 404,
  origin_not_allowed: 403,
  rate_limited: 429,
  queue_unavailable: 503,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The error codes, as a zod enum. */
export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** RFC 9457 problem details, plus a stable `code` and the request's correlation id. */
export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: errorCodeSchema,
  detail: z.string().optional(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  /** Seconds after which a retry may succeed (also sent as `Retry-After`). */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** Field-level problems for `validation_failed`. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** A problem-details error body. */
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

const TITLES: Record<ErrorCode, string> = {
  validation_failed: "The request body is not valid",
  malformed_json: "The request body is not valid JSON",
  unauthorized: "Missing or wrong credentials",
  webhook_signature_invalid: "The webhook's signature or token is missing or wrong",
  webhook_stale: "The webhook's timestamp is outside the replay window",
  forbidden: "The credentials do not allow this",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  payload_too_large: "The request body is too large",
  request_timeout: "The request body did not arrive in time",
  body_incomplete: "The request body ended early or could not be read",
  unsupported_media_type: "Unsupported content type",
  stream_conflict: "The stream changed concurrently",
  invalid_policy: "The policy document is not valid",
  policy_tenant_mismatch: "The policy document is another tenant's",
  policy_version_exists: "That policy version exists with another document",
  policy_version_not_increasing: "The policy version must be above the latest pushed",
  no_rollback_target: "There is no earlier policy version to roll back to",
  active_version_mismatch: "Another policy version is active",
  approval_not_pending: "The action is not waiting for approval",
  duplicate_approver: "This admin already approved the action",
  approval_expired: "The approval request has expired",
  policy_now_denies: "The policy no longer allows this action",
  internal_error: "Internal error",
  upstream_failed: "An upstream service failed",
  central_unavailable: "The central service is unreachable",
  central_timeout: "The central service did not answer in time",
  model_unavailable: "The model provider is unavailable",
  channel_unavailable: "Messaging channels cannot accept webhooks right now",
  conversation_token_required: "Continuing a conversation needs its conversation token",
  conversation_token_invalid: "The conversation token is not valid",
  conversation_token_expired: "The conversation token has expired",
  identity_token_invalid: "The identity token is not valid",
  field_not_accepted: "The request names a field the server decides",
  conversation_tenant_mismatch: "The tenant is not the conversation's",
  unknown_tenant: "No such tenant on the web channel",
  origin_not_allowed: "The page's origin may not use this tenant's chat",
  rate_limited: "Too many messages; slow down",
  queue_unavailable: "The message could not be queued",
};

/** Builds a problem-details body for a code; `type` is a stable URN derived from the code. */
export function problem(
  code: ErrorCode,
  detail?: string,
  extras: Partial<Omit<ProblemDetails, "code" | "status" | "type" | "title">> = {},
): ProblemDetails {
  return {
    type: `urn:frontdesk:error:${code}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    code,
    detail,
    ...extras,
  };
}

/** Turns zod issues into the `issues` list of a `validation_failed` problem. */
export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}

/** An error that carries a problem-details body; thrown in handlers and rendered by the app's single `onError`. */
export class ProblemError extends Error {
  /** Wraps a problem-details body. */
  constructor(readonly problem: ProblemDetails) {
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = "ProblemError";
  }
}
