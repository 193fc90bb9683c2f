import type { z } from "zod";
import { problemDetailsSchema, type ProblemDetails } from "../../shared/problem-details.js";
import { err, ok, type Result } from "../../shared/result.js";

/** Why a call to central's admin API failed: central answered a problem, or could not be reached or understood. */
export type AdminCallFailure =
  | { code: "problem"; status: number; problem: ProblemDetails }
  | { code: "unreachable" | "bad_response"; message: string };

/** What an admin API client talks to: central's base URL, an admin token, and `fetch` (replaceable in tests). */
export interface AdminApiClientOptions {
  url: string;
  token: string;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

/** One call to central's admin API: the answer validated against `schema`, failures as values. */
export type AdminApiCall = <S extends z.ZodType>(
  schema: S,
  method: string,
  path: string,
  body?: unknown,
) => Promise<Result<z.output<S>, AdminCallFailure>>;

/** Creates the call function the CLI's admin API clients share (bearer token, JSON in and out, a timeout). */
export function createAdminApiCall(options: AdminApiClientOptions): AdminApiCall {
  const base = options.url.replace(/\/+$/, "");
  const send = options.fetch ?? ((input, init) => fetch(input, init));

  return async function call<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Result<z.output<S>, AdminCallFailure>> {
    let response: Response;
    try {
      response = await send(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      return err({
        code: "unreachable",
        message: `cannot reach central at ${base}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return err({ code: "bad_response", message: `central answered ${response.status} with a body that is not JSON` });
    }
    if (!response.ok) {
      const problem = problemDetailsSchema.safeParse(json);
      return problem.success
        ? err({ code: "problem", status: response.status, problem: problem.data })
        : err({ code: "bad_response", message: `central answered ${response.status} without problem details` });
    }
    const parsed = schema.safeParse(json);
    return parsed.success
      ? ok(parsed.data)
      : err({
          code: "bad_response",
          message: `central's answer does not match the API contract: ${parsed.error.issues[0]?.message ?? "invalid"}`,
        });
  };
}

/** One line (plus issue lines) describing a failed call. */
export function describeAdminCallFailure(failure: AdminCallFailure): string {
  if (failure.code !== "problem") return failure.message;
  const { problem } = failure;
  const issues = (problem.issues ?? []).map((issue) => `\n  - ${issue.path}: ${issue.message}`).join("");
  return `${failure.status} ${problem.code}: ${problem.detail ?? problem.title}${issues}`;
}
