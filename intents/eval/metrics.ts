import { OOS_LABEL } from "../data/dataset.js";

/** Evaluation figures, all fractions in [0, 1]; OOS figures are null when the gold labels have no `oos`. */
export type Metrics = {
  in_scope_accuracy: number;
  oos_recall: number | null;
  oos_precision: number | null;
  macro_f1: number;
  n: number;
};

/**
 * Scores predictions against gold labels. In-scope accuracy counts an in-scope example right only when the exact
 * intent is predicted (rejecting it as `oos` is an error, as in Larson et al.); macro F1 averages over every gold
 * class, `oos` included when present.
 */
export function scorePredictions(gold: readonly string[], predicted: readonly string[]): Metrics {
  let inScope = 0,
    inScopeRight = 0,
    oosGold = 0,
    oosPredicted = 0,
    oosRight = 0;
  const tp = new Map<string, number>(),
    fp = new Map<string, number>(),
    fn = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  gold.forEach((g, i) => {
    const p = predicted[i] ?? "";
    if (g === OOS_LABEL) oosGold++;
    else {
      inScope++;
      if (p === g) inScopeRight++;
    }
    if (p === OOS_LABEL) {
      oosPredicted++;
      if (g === OOS_LABEL) oosRight++;
    }
    if (p === g) bump(tp, g);
    else {
      bump(fn, g);
      bump(fp, p);
    }
  });
  const classes = [...new Set(gold)];
  const f1s = classes.map((c) => {
    const t = tp.get(c) ?? 0;
    const denom = 2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
    return denom === 0 ? 0 : (2 * t) / denom;
  });
  return {
    in_scope_accuracy: inScope === 0 ? 0 : inScopeRight / inScope,
    oos_recall: oosGold === 0 ? null : oosRight / oosGold,
    oos_precision: oosGold === 0 ? null : oosPredicted === 0 ? 0 : oosRight / oosPredicted,
    macro_f1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    n: gold.length,
  };
}

/** The q-quantile (0..1) of a list of numbers, nearest-rank; 0 for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
