import type { ChatReply, ChatStreamEvent } from "../../shared/chat-api.js";
import type { InboundMessage } from "../../shared/message-envelope.js";
import { err, ok } from "../../shared/result.js";
import type { CentralClient, CentralFailure } from "./central-client.js";

/** What the fake answers to each turn: a failure, or events (optionally thrown error after them). */
export type FakeCentralScript =
  { failure: CentralFailure } | { events: ChatStreamEvent[]; thenThrow?: Error; delayMs?: number };

/** An in-memory fake of central for tests: scripted answers, and the messages it was sent. */
export interface FakeCentralClient extends CentralClient {
  /** Every message passed to `startTurn`, in order. */
  readonly received: InboundMessage[];
}

/** Creates a fake central that answers every turn with `script` (or `script(message)`). */
export function createFakeCentralClient(
  script: FakeCentralScript | ((message: InboundMessage) => FakeCentralScript),
): FakeCentralClient {
  const received: InboundMessage[] = [];
  return {
    received,
    async startTurn(message) {
      received.push(message);
      const answer = typeof script === "function" ? script(message) : script;
      if ("failure" in answer) return err(answer.failure);
      return ok(replay(answer.events, answer.thenThrow, answer.delayMs ?? 0));
    },
  };
}

async function* replay(events: ChatStreamEvent[], thenThrow: Error | undefined, delayMs: number) {
  for (const event of events) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield event;
  }
  if (thenThrow) throw thenThrow;
}

/** Events of a successful turn for `message`: one `token` per piece, then a `done` whose reply joins them. */
export function fakeReplyEvents(message: InboundMessage, pieces: string[]): ChatStreamEvent[] {
  const reply: ChatReply = {
    tenantId: message.tenantId,
    conversationId: message.conversationId,
    customerId: message.customerId,
    messageId: message.channelMessageId,
    correlationId: message.correlationId,
    reply: { text: pieces.join(""), provider: "fake", model: "fake-1", offline: true, usage: null },
    events: {
      messageReceived: "00000000-0000-4000-8000-000000000001",
      replySent: "00000000-0000-4000-8000-000000000002",
    },
    replayed: false,
  };
  return [
    ...pieces.map((text): ChatStreamEvent => ({ event: "token", data: { text } })),
    { event: "done", data: reply },
  ];
}
