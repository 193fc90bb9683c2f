import { z } from "zod";
import { ACTION_TYPES } from "../../../shared/policy/action-types.js";
import { actionProposalSchema, type ActionProposal } from "../../../shared/policy/action-proposal.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { normaliseJsonText, normaliseText } from "../../../shared/text/storable-text.js";

/** Most proposals one model answer may carry; more is invalid output, not truncated. */
export const MAX_PROPOSALS_PER_REPLY = 3;

/** What a model must answer when asked for proposals: `{ "proposals": [ActionProposal, …] }` (often empty). */
export const modelProposalsSchema = z.strictObject({
  proposals: z.array(actionProposalSchema).max(MAX_PROPOSALS_PER_REPLY),
});

/** One problem with a model's output: where (a JSON path, `(output)` for the whole) and what. */
export interface OutputProblem {
  path: string;
  message: string;
}

/** Model output that is not JSON or does not follow {@link modelProposalsSchema}. */
export interface InvalidModelOutput {
  code: "invalid_output";
  problems: OutputProblem[];
}

/** Most characters of model output considered; longer output is invalid. */
const MAX_OUTPUT_CHARS = 20_000;

/**
 * Parses a model's answer into proposals, or lists every problem with it; nothing in it is trusted beyond the schema.
 */
export function parseModelProposals(text: string): Result<ActionProposal[], InvalidModelOutput> {
  if (text.length > MAX_OUTPUT_CHARS)
    return err({
      code: "invalid_output",
      problems: [{ path: "(output)", message: `longer than ${MAX_OUTPUT_CHARS} characters` }],
    });
  let json: unknown;
  try {
    // Text the database cannot store becomes U+FFFD: the output is validated, and may be recorded, as normalised.
    json = normaliseJsonText(JSON.parse(text));
  } catch {
    // The parser's message quotes the output, which may quote the customer: recorded problems say only what and how
    // long.
    return err({
      code: "invalid_output",
      problems: [{ path: "(output)", message: `not JSON (${text.length} characters)` }],
    });
  }
  const parsed = modelProposalsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 50).map((issue) => ({
      path: issue.path.map(String).join(".") || "(output)",
      message: normaliseText(issue.message.slice(0, 1000)),
    }));
    return err({ code: "invalid_output", problems });
  }
  return ok(parsed.data.proposals);
}

/**
 * The JSON Schema sent to the model (Gemini's `responseJsonSchema` subset: no patterns or lengths; zod re-checks
 * those).
 * `type` is a free string on purpose, like the proposal contract: the policy, not the schema, denies unknown types.
 */
export const MODEL_PROPOSALS_JSON_SCHEMA: Record<string, unknown> = {
  type: "object",
  properties: {
    proposals: {
      type: "array",
      maxItems: MAX_PROPOSALS_PER_REPLY,
      items: {
        type: "object",
        properties: {
          type: { type: "string", description: `One of: ${ACTION_TYPES.join(", ")}.` },
          amountMinor: {
            type: "integer",
            minimum: 0,
            description: "Amount in minor units (cents); only for money actions.",
          },
          currency: { type: "string", description: "ISO-4217 code in upper case, e.g. EUR; only with amountMinor." },
          orderId: { type: "string", description: "The order the action concerns, when the customer named one." },
          reason: { type: "string", description: "One sentence: why this action, in the conversation's terms." },
        },
        required: ["type", "reason"],
      },
    },
  },
  required: ["proposals"],
};

/**
 * The instruction of a proposal call: what to output, never business rules (limits and approvals live in the policy,
 * which checks every proposal; the model is told so, so it has no reason to argue).
 */
export const PROPOSAL_INSTRUCTION = [
  "You read a customer-service conversation and propose the back-office actions " +
    "the customer's latest request calls for.",
  `Answer only with JSON: {"proposals": [...]}, at most ${MAX_PROPOSALS_PER_REPLY}, usually none.`,
  `Action types: ${ACTION_TYPES.join(", ")}. Amounts are integers in minor units (cents) with an ISO-4217 currency.`,
  "Propose only what the customer asked for. A separate policy checks every proposal; you cannot approve anything.",
].join(" ");
