import { describe, expect, it } from "vitest";
import type { Channel } from "../../shared/ids.js";
import { turnEventIdsOf } from "../../shared/turn-event-ids.js";
import { turnEventIds } from "./turn-ids.js";

describe("the edge's WebCrypto turn ids", () => {
  it("equal central's for the same message: an edge-answered turn is recorded under the ids it announced", async () => {
    const identities: { tenantId: string; channel: Channel; conversationId: string; channelMessageId: string }[] = [
      { tenantId: "demo", channel: "web", conversationId: "web-1f2e", channelMessageId: "m-1" },
      { tenantId: "acme", channel: "whatsapp", conversationId: "wa-155", channelMessageId: "wamid.X=" },
    ];
    for (const identity of identities) {
      expect(await turnEventIdsOf(identity)).toEqual(turnEventIds(identity));
    }
  });
});
