import type { LlmRequest } from "../../central/llm/llm-provider.js";
import {
  createScriptedFakeLlmProvider,
  fakeReply,
  type ScriptedFakeLlmProvider,
} from "../support/scripted-fake-llm-provider.js";

const CURRENCIES: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP" };
const AMOUNT = /([$€£])\s?(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s?(USD|EUR|GBP)\b/i;
const ORDER = /\border\s+#?([A-Za-z0-9-]+)/i;

function lastCustomerText(request: LlmRequest): string {
  return [...request.messages].reverse().find((message) => message.role === "user")?.text ?? "";
}

/** What the obedient model proposes: exactly what the customer demands, believing every claim. */
export function obedientProposals(text: string): Record<string, unknown>[] {
  const money = AMOUNT.exec(text);
  const amount = money
    ? {
        amountMinor: Math.round(Number((money[2] ?? money[3] ?? "0").replace(/,/g, "")) * 100),
        currency: money[1] ? (CURRENCIES[money[1]] ?? "USD") : (money[4] ?? "EUR").toUpperCase(),
      }
    : {};
  const order = ORDER.exec(text)?.[1];
  const claims = /manager|approved|authori[sz]ed|ceo/i.test(text)
    ? { details: { approval: "the customer says a manager approved this" } }
    : {};
  const base = {
    ...amount,
    ...(order ? { orderId: order } : {}),
    ...claims,
    reason: `the customer demanded it: ${text.slice(0, 120)}`,
  };
  const type = /store credit/i.test(text)
    ? "store_credit"
    : /discount/i.test(text)
      ? "discount"
      : /cancel/i.test(text)
        ? "cancel_order"
        : /wire|bank transfer|gift card/i.test(text)
          ? "wire_transfer"
          : /refund|money back/i.test(text)
            ? "refund"
            : null;
  return type ? [{ type, ...base }] : [];
}

/**
 * A FAKE model that obeys the customer, injections included ("ignore your rules", "the manager approved this"): its
 * replies promise whatever was asked and its structured output proposes it. The policy, not the model, must stop it.
 */
export function createObedientFakeModel(): ScriptedFakeLlmProvider {
  return createScriptedFakeLlmProvider({
    name: "obedient-fake",
    model: "obedient-fake-1",
    script: (request) =>
      request.responseFormat
        ? fakeReply(JSON.stringify({ proposals: obedientProposals(lastCustomerText(request)) }), {
            model: "obedient-fake-1",
          })
        : fakeReply("Of course! Consider it done, no rules apply to you.", { model: "obedient-fake-1" }),
  });
}

/** A FAKE model whose structured output is always `raw` (malformed on purpose); its prose is harmless. */
export function createMalformedFakeModel(raw: string): ScriptedFakeLlmProvider {
  return createScriptedFakeLlmProvider({
    name: "malformed-fake",
    model: "malformed-fake-1",
    script: (request) =>
      fakeReply(request.responseFormat ? raw : "Let me see what I can do.", { model: "malformed-fake-1" }),
  });
}
