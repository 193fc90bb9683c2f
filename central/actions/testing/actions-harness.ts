import { readFileSync } from "node:fs";
import type { ChatStreamEvent } from "../../../shared/chat-api.js";
import type { CustomerSummary } from "../../../shared/customer-summary.js";
import type { InboundMessage } from "../../../shared/message-envelope.js";
import type { PolicyDocument } from "../../../shared/policy/policy-document.js";
import { validatePolicyDocument } from "../../../shared/policy/policy-document.js";
import { inboundMessage } from "../../../test/support/inbound-message.js";
import type { EventStore } from "../../event-store/event-store.js";
import type { Clock } from "../../clock.js";
import { createInMemoryEventStore } from "../../event-store/in-memory-event-store.js";
import type { LlmProvider } from "../../llm/llm-provider.js";
import type { TurnService } from "../../turns/turn-service.js";
import { createTurnsWithActions } from "../../wiring/turns-with-actions.js";
import type { ActionsModule } from "../actions-module.js";
import { createInMemoryOrderLookup, type KnownOrder } from "../context/in-memory-order-lookup.js";
import { createFakeActionExecutor, type FakeActionExecutor } from "../executor/fake-action-executor.js";
import { loadAction } from "../pipeline/action-runtime.js";
import type { ActionState } from "../lifecycle/action-state.js";
import type { ActivePolicySource, EvaluatePolicy } from "../pipeline/pipeline-ports.js";
import { readStreamOrEmpty } from "../../event-store/read-stream-events.js";

/** The shipped demo policy (shared/policy/examples/default-policy.json) for another tenant. */
export function demoPolicyFor(tenantId: string, overrides: Record<string, unknown> = {}): PolicyDocument {
  const json = JSON.parse(
    readFileSync(new URL("../../../shared/policy/examples/default-policy.json", import.meta.url), "utf8"),
  ) as Record<string, unknown>;
  const parsed = validatePolicyDocument({ ...json, tenantId, ...overrides });
  if (!parsed.ok) throw new Error(`demo policy invalid: ${JSON.stringify(parsed.error.problems)}`);
  return parsed.value;
}

/**
 * A fake policy source over fixed documents: `active` per tenant is the active policy (absent: none), and the versions
 * a lookup finds are those of `active` and `pushed` (what a policy store shared with another instance would hold).
 */
export function staticPolicySource(
  active: Record<string, PolicyDocument>,
  pushed: PolicyDocument[] = [],
): ActivePolicySource {
  const versions = [...Object.values(active), ...pushed];
  return {
    activePolicy: async (tenantId) => active[tenantId] ?? null,
    getVersion: async (tenantId, version) => {
      const document = versions.find((policy) => policy.tenantId === tenantId && policy.version === version);
      return document ? { document } : null;
    },
  };
}

/** Options of {@link createActionsHarness}. */
export interface ActionsHarnessOptions {
  llm: LlmProvider;
  /** Default: a fresh in-memory store on the harness clock; a function gets the harness clock (stores stamp times). */
  eventStore?: EventStore | ((clock: Clock) => EventStore);
  /** The active policy per tenant (absent tenant: none active). */
  policies?: Record<string, PolicyDocument>;
  orders?: KnownOrder[];
  summaries?: CustomerSummary[];
  /** Start of the harness clock (moved with `advance`). */
  now?: string;
  approvalTtlMs?: number;
  /** Replaces the evaluator (to check that tests notice a broken one). */
  evaluate?: EvaluatePolicy;
}

/** A turn service with the actions pipeline on a fake executor, for tests: say things, then inspect the log. */
export interface ActionsHarness {
  eventStore: EventStore;
  executor: FakeActionExecutor;
  actions: ActionsModule;
  turns: TurnService;
  /** Errors the pipeline reported (it never throws into the turn). */
  errors: unknown[];
  now(): Date;
  advance(ms: number): void;
  /** Runs one turn of `text` (a fresh channel message id unless given) and returns its stream events. */
  say(text: string, overrides?: Partial<InboundMessage>): Promise<ChatStreamEvent[]>;
  /** Every action recorded for a tenant, oldest first, as folded from its stream. */
  actionStates(tenantId?: string): Promise<ActionState[]>;
}

/** Creates a harness. */
export function createActionsHarness(options: ActionsHarnessOptions): ActionsHarness {
  let now = new Date(options.now ?? "2026-11-20T12:00:00.000Z").getTime();
  const clock = () => new Date(now);
  const eventStore =
    typeof options.eventStore === "function"
      ? options.eventStore(clock)
      : (options.eventStore ?? createInMemoryEventStore(clock));
  const executor = createFakeActionExecutor();
  const summaries = options.summaries ?? [];
  const errors: unknown[] = [];
  const { actions, turns } = createTurnsWithActions({
    eventStore,
    llm: options.llm,
    executor,
    policies: staticPolicySource(options.policies ?? {}),
    summaries: {
      summary: async (tenantId, customerId) =>
        summaries.find((entry) => entry.tenantId === tenantId && entry.customerId === customerId) ?? null,
    },
    orders: createInMemoryOrderLookup(options.orders ?? []),
    clock,
    ...(options.approvalTtlMs === undefined ? {} : { approvalTtlMs: options.approvalTtlMs }),
    ...(options.evaluate ? { evaluate: options.evaluate } : {}),
    historyTurns: 20,
    onPipelineError: (error) => errors.push(error),
  });
  let messages = 0;
  return {
    eventStore,
    executor,
    actions,
    turns,
    errors,
    now: clock,
    advance: (ms) => void (now += ms),
    async say(text, overrides = {}) {
      messages += 1;
      const out: ChatStreamEvent[] = [];
      const message = inboundMessage({
        text,
        channelMessageId: `m-${messages}`,
        receivedAt: clock().toISOString(),
        // A customer the merchant's site vouched for (a web message without this counts as unverified).
        customerVerified: true,
        ...overrides,
      });
      for await (const event of turns.runTurn(message)) out.push(event);
      return out;
    },
    async actionStates(tenantId = "acme") {
      const proposed = (await eventStore.readAll({ limit: 100_000 })).filter(
        (event) => event.type === "action.proposed" && event.metadata.tenantId === tenantId,
      );
      return Promise.all(proposed.map((event) => loadAction(eventStore, tenantId, String(event.data.actionId))));
    },
  };
}

/** The events of a conversation, oldest first. */
export async function conversationEvents(eventStore: EventStore, tenantId = "acme", conversationId = "conv-1") {
  return readStreamOrEmpty(eventStore, `conversation:${tenantId}:${conversationId}`);
}
