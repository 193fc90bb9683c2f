import { logitsOf, pool, softmaxInPlace, type Classifier } from "./classifier.js";
import type { SparseBag } from "./features.js";
import { shuffleInPlace, type Rng } from "./rng.js";

/** Hyper-parameters of one training run. */
export type TrainOptions = {
  epochs: number;
  batchSize: number;
  learningRate: number;
  labelSmoothing: number;
  /** Probability of dropping each feature of a bag, per example and epoch. */
  featureDropout: number;
  /** Dropout on the pooled vector. */
  dropout: number;
};

/** What the trainer reports after each epoch. */
export type EpochReport = { epoch: number; loss: number };

/** A copy of a bag with each feature dropped with probability `rate` (weights kept). */
function dropFeatures(bag: SparseBag, rate: number, rng: Rng): SparseBag {
  const rows: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < bag.rows.length; k++) {
    if (rng.next() < rate) continue;
    rows.push(bag.rows[k] ?? 0);
    weights.push(bag.weights[k] ?? 0);
  }
  return { rows: Int32Array.from(rows), weights: Float32Array.from(weights) };
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/**
 * Trains in place with softmax cross-entropy and Adam (lazy for embedding rows: only rows in the batch move),
 * minibatches shuffled by `rng`, learning rate decaying linearly to 10%. Calls `onEpoch` after each epoch.
 */
export function trainClassifier(
  model: Classifier,
  bags: readonly SparseBag[],
  labels: readonly number[],
  options: TrainOptions,
  rng: Rng,
  onEpoch: (report: EpochReport) => void,
): void {
  const { dim, numLabels, embedding, weight, bias } = model;
  const mE = new Float32Array(embedding.length),
    vE = new Float32Array(embedding.length),
    gE = new Float32Array(embedding.length);
  const mW = new Float32Array(weight.length),
    vW = new Float32Array(weight.length),
    gW = new Float32Array(weight.length);
  const mB = new Float32Array(bias.length),
    vB = new Float32Array(bias.length),
    gB = new Float32Array(bias.length);
  const touchedMark = new Int32Array(embedding.length / dim).fill(-1);
  const touched: number[] = [];
  const dropMask = new Float32Array(dim);
  const x = new Float32Array(dim),
    p = new Float32Array(numLabels),
    dx = new Float32Array(dim);
  const order = bags.map((_, i) => i);
  const totalSteps = options.epochs * Math.ceil(bags.length / options.batchSize);
  const smooth = options.labelSmoothing;
  let step = 0;

  const adam = (
    param: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    from: number,
    to: number,
    lr: number,
    c1: number,
    c2: number,
  ): void => {
    for (let i = from; i < to; i++) {
      const gi = g[i] ?? 0;
      const mi = BETA1 * (m[i] ?? 0) + (1 - BETA1) * gi;
      const vi = BETA2 * (v[i] ?? 0) + (1 - BETA2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      g[i] = 0;
      param[i] = (param[i] ?? 0) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + EPS);
    }
  };

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, rng);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      const scale = 1 / batch.length;
      touched.length = 0;
      for (const index of batch) {
        const bag = bags[index] as SparseBag;
        const gold = labels[index] ?? 0;
        const kept = options.featureDropout > 0 ? dropFeatures(bag, options.featureDropout, rng) : bag;
        pool(model, kept, x);
        if (options.dropout > 0) {
          for (let d = 0; d < dim; d++) {
            const keep = rng.next() >= options.dropout;
            dropMask[d] = keep ? 1 / (1 - options.dropout) : 0;
            x[d] = (x[d] ?? 0) * (dropMask[d] ?? 0);
          }
        }
        logitsOf(model, x, p);
        softmaxInPlace(p);
        lossSum += -Math.log(Math.max(p[gold] ?? 0, 1e-12));
        for (let l = 0; l < numLabels; l++) {
          const target = (l === gold ? 1 - smooth : 0) + smooth / numLabels;
          p[l] = ((p[l] ?? 0) - target) * scale;
        }
        dx.fill(0);
        for (let d = 0; d < dim; d++) {
          const row = d * numLabels;
          const xd = x[d] ?? 0;
          let acc = 0;
          for (let l = 0; l < numLabels; l++) {
            const pl = p[l] ?? 0;
            gW[row + l] = (gW[row + l] ?? 0) + xd * pl;
            acc += (weight[row + l] ?? 0) * pl;
          }
          dx[d] = options.dropout > 0 ? acc * (dropMask[d] ?? 0) : acc;
        }
        for (let l = 0; l < numLabels; l++) gB[l] = (gB[l] ?? 0) + (p[l] ?? 0);
        for (let k = 0; k < kept.rows.length; k++) {
          const r = kept.rows[k] ?? 0;
          if (touchedMark[r] !== step) {
            touchedMark[r] = step;
            touched.push(r);
          }
          const w = kept.weights[k] ?? 0;
          const base = r * dim;
          for (let d = 0; d < dim; d++) gE[base + d] = (gE[base + d] ?? 0) + w * (dx[d] ?? 0);
        }
      }
      step++;
      const lr = options.learningRate * (1 - 0.9 * (step / totalSteps));
      const c1 = 1 - BETA1 ** step,
        c2 = 1 - BETA2 ** step;
      adam(weight, mW, vW, gW, 0, weight.length, lr, c1, c2);
      adam(bias, mB, vB, gB, 0, bias.length, lr, c1, c2);
      for (const r of touched) adam(embedding, mE, vE, gE, r * dim, (r + 1) * dim, lr, c1, c2);
    }
    onEpoch({ epoch, loss: lossSum / bags.length });
  }
}
