import type { ChatReply, ChatStreamEvent } from "../../shared/chat-api.js";
import type { EventEnvelope, NewEvent } from "../../shared/event-envelope.js";
import { isCustomerVerified, type InboundMessage } from "../../shared/message-envelope.js";
import { problem } from "../../shared/problem-details.js";
import { messageReceivedDataSchema, replySentDataSchema, type ReplySentData } from "../../shared/turn-events.js";
import type { AppendSuccess, EventStore } from "../event-store/event-store.js";
import type { Clock } from "../clock.js";
import type { LlmCompletion, LlmFailure, LlmMessage, LlmProvider } from "../llm/llm-provider.js";
import { conversationStreamName } from "../event-store/stream-name.js";
import { readConversationTail } from "../conversations/read-conversation-tail.js";
import { buildModelRequest } from "./model-request.js";
import { edgeDecisionEvents, edgeReplyCompletion } from "./edge-turn-events.js";
import { messageReceivedEvent, replySentEvent } from "./turn-event-builders.js";
import { resolveTurnEventIds, type TurnEventIds } from "./turn-ids.js";

/** Runs chat turns: records the message, asks the model, records and returns the reply. */
export interface TurnService {
  /** Streams one turn: any number of `token`, then one `done` or one `error`. Retries of a finished turn replay it. */
  runTurn(message: InboundMessage, options?: { signal?: AbortSignal }): AsyncIterable<ChatStreamEvent>;
}

/** What a turn service needs. */
export interface TurnServiceDeps {
  eventStore: EventStore;
  llm: LlmProvider;
  /** Reserved for time-based behaviour (deadlines); event timestamps come from the event store's clock. */
  clock: Clock;
  /** How many past messages of the conversation go to the model. */
  historyTurns: number;
  /**
   * Runs after a model reply is first recorded, before the turn's `done` (the action proposal pipeline). Must not
   * throw: it reports its own failures. Not run for edge replies, nor again for a retried turn.
   */
  afterReply?: (turn: AfterReplyTurn, messages: LlmMessage[], signal?: AbortSignal) => Promise<unknown>;
}

/** The turn a recorded model reply belongs to, as {@link TurnServiceDeps.afterReply} gets it. */
export interface AfterReplyTurn {
  tenantId: string;
  conversationId: string;
  customerId: string;
  /** Whether the channel vouches for the customer (shared/message-envelope.ts isCustomerVerified). */
  customerVerified: boolean;
  correlationId: string;
  replyEventId: string;
}

/** Creates the turn service. */
export function createTurnService(deps: TurnServiceDeps): TurnService {
  const { eventStore, llm } = deps;

  /**
   * Appends at the end of the conversation, whatever its version: a turn guards no invariant over earlier events, so
   * `any` (one atomic version bump in the store) replaces reading the version and retrying on a conflict.
   */
  async function appendToConversation(stream: string, events: NewEvent[]): Promise<AppendSuccess> {
    const result = await eventStore.append(stream, events, { expectedVersion: "any" });
    if (result.ok) return result.value;
    // The turn built events the log refuses: a bug, not a retry case.
    throw new Error(`append to ${stream} refused: ${result.error.code}: ${JSON.stringify(result.error)}`);
  }

  async function recordedReply(stream: string, replyId: string): Promise<EventEnvelope | null> {
    const event = await eventStore.readEvent(replyId);
    return event?.stream === stream ? event : null;
  }

  return {
    async *runTurn(message, options = {}) {
      const stream = conversationStreamName(message.tenantId, message.conversationId);
      const ids = await resolveTurnEventIds(eventStore, stream, message);
      const appended = await appendToConversation(stream, [messageReceivedEvent(message, ids.messageReceived)]);
      const receivedVersion = appended.positions[0]?.streamVersion ?? 0;
      // Only the end of the conversation is read: the recorded message and the history the model gets.
      const history = await readConversationTail(eventStore, stream, receivedVersion, deps.historyTurns);
      const received = history.at(-1);
      if (received?.eventId !== ids.messageReceived)
        throw new Error(`message.received ${ids.messageReceived} is missing from ${stream}`);
      const turn = turnContext(received, ids);
      // The edge's classification and route (first delivery only; a retry finds them recorded, or not at all).
      const decision = appended.duplicate ? [] : edgeDecisionEvents(message, turn.cause);
      if (decision.length > 0) await appendToConversation(stream, decision);

      // A retried message may already have its reply; a first delivery cannot.
      const stored = appended.duplicate ? await recordedReply(stream, ids.replySent) : null;
      if (stored) {
        yield* replay(turn, stored);
        return;
      }

      // The edge answered itself (template or handoff notice): record that reply instead of asking the model.
      const edgeReply = edgeReplyCompletion(message);
      const request = buildModelRequest(history, deps.historyTurns, options.signal);
      const completions = edgeReply ? edgeReplyStream(edgeReply.completion) : llm.stream(request);
      for await (const event of completions) {
        if (event.type === "token") {
          yield { event: "token", data: { text: event.text } };
        } else if (event.type === "error") {
          yield modelUnavailable(event.failure, turn.correlationId);
          return;
        } else {
          const provider = edgeReply?.provider ?? llm;
          const reply = replySentEvent({
            eventId: ids.replySent,
            cause: turn.cause,
            provider,
            completion: event.completion,
          });
          const result = await appendToConversation(stream, [reply]);
          if (result.duplicate) {
            // A concurrent retry of this message recorded its reply first; that recorded reply is the answer.
            const winner = await recordedReply(stream, ids.replySent);
            if (winner) yield { event: "done", data: chatReply(turn, parseReply(winner), true) };
            return;
          }
          if (!edgeReply && deps.afterReply) {
            const { tenantId, conversationId, customerId, correlationId } = turn;
            const messages = [...request.messages, { role: "model" as const, text: event.completion.text }];
            await deps.afterReply(
              {
                tenantId,
                conversationId,
                customerId,
                customerVerified: isCustomerVerified(message),
                correlationId,
                replyEventId: ids.replySent,
              },
              messages,
              options.signal,
            );
          }
          yield { event: "done", data: chatReply(turn, replySentDataSchema.parse(reply.data), false) };
          return;
        }
      }
      yield modelUnavailable(
        {
          code: "llm_upstream_error",
          message: "the model stream ended without a reply",
          kind: "systemic",
          attempts: 1,
        },
        turn.correlationId,
      );
    },
  };
}

/** The edge's reply as a one-token model stream. */
async function* edgeReplyStream(
  completion: LlmCompletion,
): AsyncGenerator<{ type: "token"; text: string } | { type: "done"; completion: LlmCompletion }> {
  yield { type: "token", text: completion.text };
  yield { type: "done", completion };
}

interface TurnContext {
  ids: TurnEventIds;
  correlationId: string;
  tenantId: string;
  conversationId: string;
  customerId: string;
  messageId: string;
  cause: { eventId: string; tenantId: string; correlationId: string; conversationId: string; customerId: string };
}

/** Everything the turn needs from the recorded message (which wins over a retry's body). */
function turnContext(received: EventEnvelope, ids: TurnContext["ids"]): TurnContext {
  const data = messageReceivedDataSchema.parse(received.data);
  const { tenantId, correlationId } = received.metadata;
  return {
    ids,
    correlationId,
    tenantId,
    conversationId: data.conversationId,
    customerId: data.customerId,
    messageId: data.channelMessageId,
    cause: {
      eventId: received.eventId,
      tenantId,
      correlationId,
      conversationId: data.conversationId,
      customerId: data.customerId,
    },
  };
}

function parseReply(event: EventEnvelope): ReplySentData {
  return replySentDataSchema.parse(event.data);
}

function* replay(turn: TurnContext, stored: EventEnvelope): Generator<ChatStreamEvent> {
  const data = parseReply(stored);
  yield { event: "token", data: { text: data.text } };
  yield { event: "done", data: chatReply(turn, data, true) };
}

function chatReply(turn: TurnContext, data: ReplySentData, replayed: boolean): ChatReply {
  return {
    tenantId: turn.tenantId,
    conversationId: turn.conversationId,
    customerId: turn.customerId,
    messageId: turn.messageId,
    correlationId: turn.correlationId,
    reply: { text: data.text, provider: data.provider, model: data.model, offline: data.offline, usage: data.usage },
    events: turn.ids,
    replayed,
  };
}

/** Seconds after which a transient model failure may be retried. */
function retryAfter(failure: LlmFailure): number | undefined {
  if (failure.kind !== "transient") return undefined;
  return failure.code === "llm_rate_limited" ? 30 : 5;
}

function modelUnavailable(failure: LlmFailure, correlationId: string): ChatStreamEvent {
  const retryAfterSeconds = retryAfter(failure);
  return {
    event: "error",
    data: problem("model_unavailable", failure.message, {
      correlationId,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    }),
  };
}
