import type { z } from "zod";
import type { edgeRoutingSchema } from "../../shared/edge-routing.js";

/**
 * Routing rules used when `EDGE_ROUTING` is empty, written for the shipped CLINC150 model: small talk is answered at
 * the edge, fraud and lost cards go to a human, everything else goes to central.
 */
export const DEFAULT_EDGE_ROUTING: z.input<typeof edgeRoutingSchema> = {
  default: {
    thresholds: { answerLocally: 0.7, handoff: 0.5 },
    answers: {
      greeting: "Hello! How can I help you today?",
      goodbye: "Goodbye, and thanks for getting in touch.",
      thank_you: "You're welcome! Is there anything else I can help with?",
      are_you_a_bot: "I'm an automated assistant. I can bring in a person from our team whenever you need one.",
      what_can_i_ask_you:
        "You can ask me about your account, cards, payments and orders, or ask for a person from our team.",
      what_is_your_name: "I'm the Frontdesk assistant.",
    },
    handoffIntents: ["report_fraud", "report_lost_card"],
  },
  tenants: {},
};
