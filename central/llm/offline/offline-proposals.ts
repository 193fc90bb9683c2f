import type { LlmRequest } from "../llm-provider.js";

/** Model name the offline proposer reports. */
export const OFFLINE_PROPOSER_MODEL = "offline-proposer-1";

interface OfflineProposal {
  type: string;
  amountMinor?: number;
  currency?: string;
  orderId?: string;
  reason: string;
}

const CURRENCY_SYMBOLS: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP" };
const AMOUNT = /([$€£])\s?(\d{1,7}(?:[.,]\d{3})*(?:[.,]\d{1,2})?)|(\d{1,7}(?:[.,]\d{1,2})?)\s?(USD|EUR|GBP)\b/i;
const ORDER = /\border\s+(?:#|no\.?\s*|number\s+)?([A-Za-z0-9-]{2,40})\b/i;

/**
 * The OFFLINE PROPOSER (no model involved): deterministic keyword rules over the customer's last message, standing in
 * for a model's structured proposals when no GEMINI_API_KEY is set. "store credit"/"discount" + an amount → that; else
 * "refund" + an amount → refund; "cancel" + an order →
 * cancel_order; "human"/"agent"/"person" → handoff; "ticket"/"complaint" → create_ticket. Answers the JSON of
 * `{ proposals }`; like any model output it is validated and every proposal goes through the policy.
 */
export function offlineProposalsJson(request: LlmRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === "user")?.text ?? "";
  return JSON.stringify({ proposals: offlineProposals(last) });
}

function offlineProposals(text: string): OfflineProposal[] {
  const proposals: OfflineProposal[] = [];
  const order = ORDER.exec(text)?.[1];
  const orderRef = order ? { orderId: order } : {};
  if (/\bstore credit\b/i.test(text))
    proposals.push({
      type: "store_credit",
      ...amountIn(text),
      reason: "offline proposer: the customer asked for store credit",
    });
  else if (/\bdiscount\b/i.test(text))
    proposals.push({
      type: "discount",
      ...amountIn(text),
      reason: "offline proposer: the customer asked for a discount",
    });
  else if (/\brefund/i.test(text)) {
    const money = amountIn(text);
    proposals.push({
      type: "refund",
      ...money,
      ...orderRef,
      reason: "offline proposer: the customer asked for a refund",
    });
  }
  if (/\bcancel/i.test(text) && order)
    proposals.push({
      type: "cancel_order",
      orderId: order,
      reason: "offline proposer: the customer asked to cancel an order",
    });
  if (/\b(ticket|complaint)\b/i.test(text))
    proposals.push({ type: "create_ticket", reason: "offline proposer: the customer reported a problem" });
  if (/\b(human|agent|person)\b/i.test(text))
    proposals.push({ type: "handoff", reason: "offline proposer: the customer asked for a person" });
  return proposals.slice(0, 3);
}

/** The first amount in the text as minor units and a currency, or nothing. */
function amountIn(text: string): { amountMinor: number; currency: string } | Record<string, never> {
  const match = AMOUNT.exec(text);
  if (!match) return {};
  const symbol = match[1];
  const digits = match[2] ?? match[3] ?? "";
  const currency = symbol ? (CURRENCY_SYMBOLS[symbol] ?? "USD") : (match[4] ?? "USD").toUpperCase();
  // "5,000" and "5.000" as thousands; a final ".50"/",50" as cents.
  const cents = /[.,](\d{1,2})$/.exec(digits);
  const whole = (cents ? digits.slice(0, -cents[0].length) : digits).replace(/[.,]/g, "");
  const amountMinor = Number(whole) * 100 + (cents ? Number(cents[1]?.padEnd(2, "0")) : 0);
  return Number.isSafeInteger(amountMinor) ? { amountMinor, currency } : {};
}
