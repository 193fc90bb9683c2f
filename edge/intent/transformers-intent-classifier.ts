import { err, ok, type Result } from "../../shared/result.js";
import type { ClassifierFailure, IntentClassification, IntentClassifier } from "./intent-classifier.js";
import type { ModelBundle } from "./model-bundle.js";
import { loadTransformers, serveBundle, type Transformers } from "./transformers-runtime.js";

/** What a transformers.js classifier is built from. */
export interface TransformersIntentClassifierDeps {
  /** The model folder to load (any transformers.js text-classification folder). */
  bundle: ModelBundle;
  /** Imports transformers.js; the workerd runtime by default, a failing stub in tests. */
  load?: () => Promise<Transformers>;
  /** Milliseconds clock for latency figures. */
  now?: () => number;
  /** Where a failed load is reported; console.error by default. */
  reportFailure?: (message: string, error: unknown) => void;
}

type TopLabel = { label: string; score: number };
type Classify = (text: string) => Promise<TopLabel>;

/**
 * The intent classifier on `@huggingface/transformers` `pipeline("text-classification")`. The model loads on the
 * first call and once per classifier (build one per isolate); a failed load is reported once and every call then
 * answers `model_unavailable`, which the edge turns into "forward to central".
 */
export function createTransformersIntentClassifier(deps: TransformersIntentClassifierDeps): IntentClassifier {
  const { bundle } = deps;
  const now = deps.now ?? (() => performance.now());
  const report = deps.reportFailure ?? ((message, error) => console.error(message, error));
  let loaded: Promise<Result<Classify, ClassifierFailure>> | undefined;

  async function load(): Promise<Result<Classify, ClassifierFailure>> {
    try {
      const { pipeline } = await (deps.load ?? loadTransformers)();
      const classifier = await pipeline("text-classification", serveBundle(bundle), { dtype: "fp32", device: "wasm" });
      return ok(async (text) => {
        const output = await classifier(text);
        const top = (Array.isArray(output) ? output[0] : output) as Partial<TopLabel> | undefined;
        return { label: top?.label ?? "", score: top?.score ?? 0 };
      });
    } catch (error) {
      const message = `intent model ${bundle.version} failed to load; forwarding every message to central`;
      report(message, error);
      return err({ code: "model_unavailable", message, modelVersion: bundle.version });
    }
  }

  return {
    async classify(text) {
      loaded ??= load();
      const classify = await loaded;
      if (!classify.ok) return classify;
      const started = now();
      let top: TopLabel;
      try {
        top = await classify.value(text);
      } catch (error) {
        report(`intent model ${bundle.version} failed on a message`, error);
        return err({
          code: "model_unavailable",
          message: "the intent model failed on this message",
          modelVersion: bundle.version,
        });
      }
      const classification: IntentClassification = {
        intent: top.label,
        confidence: top.score,
        outOfScope: (bundle.oosLabel !== null && top.label === bundle.oosLabel) || top.score < bundle.oosThreshold,
        modelVersion: bundle.version,
        latencyMs: Math.max(0, now() - started),
      };
      return ok(classification);
    },
  };
}
