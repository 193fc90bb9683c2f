import type { ActionProposal } from "../../../shared/policy/action-proposal.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { normaliseText } from "../../../shared/text/storable-text.js";
import type { LlmMessage, LlmProvider } from "../../llm/llm-provider.js";
import {
  MODEL_PROPOSALS_JSON_SCHEMA,
  parseModelProposals,
  PROPOSAL_INSTRUCTION,
  type OutputProblem,
} from "./model-proposals.js";

/** Proposals a model made after one reply, with who made them. */
export interface ModelProposals {
  proposals: ActionProposal[];
  provider: string;
  /** The model version that answered. */
  model: string;
}

/** Why no proposals came out of a call: output breaking the contract (semantic), or the call failing. */
export interface ProposalFailure {
  code: "invalid_output" | "model_failed";
  kind: "transient" | "systemic" | "semantic";
  problems: OutputProblem[];
  provider: string;
  model: string;
}

/** Asks a model for structured action proposals and validates them; nothing unvalidated comes out. */
export interface ActionProposer {
  propose(messages: LlmMessage[], signal?: AbortSignal): Promise<Result<ModelProposals, ProposalFailure>>;
}

/** Creates the proposer on an {@link LlmProvider}'s structured output (`responseFormat: json`), validated with zod. */
export function createLlmActionProposer(llm: LlmProvider): ActionProposer {
  return {
    async propose(messages, signal) {
      const request = {
        system: PROPOSAL_INSTRUCTION,
        messages,
        responseFormat: { kind: "json" as const, schema: MODEL_PROPOSALS_JSON_SCHEMA },
        ...(signal ? { signal } : {}),
      };
      const completion = await llm.complete(request);
      if (!completion.ok) {
        const { code, message, kind } = completion.error;
        return err({
          code: "model_failed",
          kind,
          problems: [{ path: "(call)", message: normaliseText(`${code}: ${message}`) }],
          provider: llm.name,
          model: llm.model,
        });
      }
      const model = completion.value.model;
      const parsed = parseModelProposals(completion.value.text);
      if (!parsed.ok)
        return err({
          code: "invalid_output",
          kind: "semantic",
          problems: parsed.error.problems,
          provider: llm.name,
          model,
        });
      return ok({ proposals: parsed.value, provider: llm.name, model });
    },
  };
}
