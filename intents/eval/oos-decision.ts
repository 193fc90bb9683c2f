import { OOS_LABEL } from "../data/dataset.js";
import { scorePredictions } from "./metrics.js";

/** The model's top class for one input and its softmax probability. */
export type TopPrediction = { label: string; score: number };

/** Final label: the top class, or `oos` when that class is `oos` or its probability is below `threshold`. */
export function decideLabel(top: TopPrediction, threshold: number): string {
  return top.label === OOS_LABEL || top.score < threshold ? OOS_LABEL : top.label;
}

/** The chosen threshold and why. */
export type ThresholdChoice = { threshold: number; rule: string };

/**
 * Picks the confidence threshold on held-out predictions (`source` names them in the rule). With `oos` gold labels: the
 * threshold with the best in-scope
 * accuracy among those reaching `recallTarget` OOS recall, or, if none does, the best in-scope accuracy + OOS
 * recall. Without `oos` labels: 0 (no rejection). Candidates are 0, 0.005, ..., 0.995.
 */
export function tuneThreshold(
  gold: readonly string[],
  tops: readonly TopPrediction[],
  recallTarget = 0.6,
  source = "val",
): ThresholdChoice {
  if (!gold.includes(OOS_LABEL)) return { threshold: 0, rule: `no oos in ${source}: no threshold` };
  let constrained: { threshold: number; value: number } | null = null;
  let fallback = { threshold: 0, value: -Infinity };
  for (let step = 0; step < 200; step++) {
    const threshold = step / 200;
    const m = scorePredictions(
      gold,
      tops.map((t) => decideLabel(t, threshold)),
    );
    const recall = m.oos_recall ?? 0;
    if (recall >= recallTarget && (constrained === null || m.in_scope_accuracy > constrained.value + 1e-12)) {
      constrained = { threshold, value: m.in_scope_accuracy };
    }
    if (m.in_scope_accuracy + recall > fallback.value + 1e-12)
      fallback = { threshold, value: m.in_scope_accuracy + recall };
  }
  return constrained
    ? {
        threshold: constrained.threshold,
        rule: `max in_scope_accuracy with oos_recall >= ${recallTarget} on ${source}`,
      }
    : {
        threshold: fallback.threshold,
        rule: `max(in_scope_accuracy + oos_recall) on ${source} (oos_recall ${recallTarget} not reachable)`,
      };
}
