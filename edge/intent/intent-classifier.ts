import type { Result } from "../../shared/result.js";

/** What the edge model says about one message. */
export interface IntentClassification {
  /** The model's top label (which may itself be the out-of-scope label). */
  intent: string;
  /** Softmax probability of the model's top class, in [0, 1]. */
  confidence: number;
  /** True when the top class is `oos` or its confidence is under the model's OOS threshold. */
  outOfScope: boolean;
  /** Version of the model folder that answered (frontdesk-model.json, or the registry's name for a foreign model). */
  modelVersion: string;
  /** Time spent classifying this message, in milliseconds. */
  latencyMs: number;
}

/** Why no classification is available; the edge then forwards the message to central. */
export interface ClassifierFailure {
  code: "model_unavailable";
  message: string;
  /** The version that was asked for, when known. */
  modelVersion?: string;
}

/** The edge's intent model port: one message in, its classification out. Never throws for expected failures. */
export interface IntentClassifier {
  classify(text: string): Promise<Result<IntentClassification, ClassifierFailure>>;
}
