import { err, ok } from "../../shared/result.js";
import type { IntentClassification, IntentClassifier } from "./intent-classifier.js";

/** A scripted classifier for tests: a fixed classification per text (or for every text), or always unavailable. */
export function createFakeIntentClassifier(
  answer:
    | Omit<IntentClassification, "latencyMs">
    | ((text: string) => Omit<IntentClassification, "latencyMs">)
    | "unavailable",
): IntentClassifier & { readonly texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    async classify(text) {
      texts.push(text);
      if (answer === "unavailable") return err({ code: "model_unavailable", message: "fake model unavailable" });
      return ok({ ...(typeof answer === "function" ? answer(text) : answer), latencyMs: 0.1 });
    },
  };
}
