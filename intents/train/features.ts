/** Sizes of the feature space: token rows, hashed character n-gram rows, hashed token-bigram rows. */
export type FeatureSpace = {
  vocabSize: number;
  wordCount: number;
  charBuckets: number;
  bigramBuckets: number;
  /** Multiplier in the bigram hash `(a * P + b) mod bigramBuckets`; the ONNX graph computes the same. */
  bigramPrime: number;
  charMin: number;
  charMax: number;
};

/** A bag of features: row indices into the embedding table and the weight of each. */
export type SparseBag = { rows: Int32Array; weights: Float32Array };

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Total rows of the training embedding table: tokens, then character n-grams, then bigrams. */
export function tableRows(space: FeatureSpace): number {
  return space.vocabSize + space.charBuckets + space.bigramBuckets;
}

/** Row of the bigram (a, b); the ONNX export computes exactly this with int64 Mul/Add/Mod. */
export function bigramRow(space: FeatureSpace, a: number, b: number): number {
  return space.vocabSize + space.charBuckets + ((a * space.bigramPrime + b) % space.bigramBuckets);
}

/** Hash of a character n-gram; a non-zero `salt` (one per ensemble member) scatters the n-grams differently. */
export function charGramHash(gram: string, salt: number): number {
  return fnv1a(salt === 0 ? gram : `${salt}\u0001${gram}`);
}

/**
 * Rows that make up one token's vector: a whole word is its own row plus hashed character n-grams of `<word>`;
 * a piece (only met in words unseen in training) is the n-grams of `<prefix` or `suffix>`, or its own row if too short.
 */
export function tokenSubRows(space: FeatureSpace, id: number, token: string, firstWord: number, salt = 0): number[] {
  if (id < firstWord || space.charBuckets === 0) return [id];
  const isWord = id < space.wordCount;
  const marked = isWord ? `<${token}>` : token.startsWith("##") ? `${token.slice(2)}>` : `<${token}`;
  const rows = isWord ? [id] : [];
  for (let n = space.charMin; n <= space.charMax; n++) {
    for (let i = 0; i + n <= marked.length; i++) {
      rows.push(space.vocabSize + (charGramHash(marked.slice(i, i + n), salt) % space.charBuckets));
    }
  }
  return rows.length > 0 ? rows : [id];
}

/**
 * The feature bag of one token-id sequence: each token's sub-rows share weight 1/n, each bigram weighs
 * `bigramWeight`/n, n being the number of tokens — the same mean the ONNX graph takes over `attention_mask`
 * (the export folds `bigramWeight` into the bigram rows).
 */
export function bagOf(
  space: FeatureSpace,
  ids: readonly number[],
  subRows: readonly (readonly number[])[],
  bigramWeight = 1,
): SparseBag {
  const n = Math.max(ids.length, 1);
  const rows: number[] = [];
  const weights: number[] = [];
  for (const id of ids) {
    const sub = subRows[id] ?? [id];
    for (const row of sub) {
      rows.push(row);
      weights.push(1 / (n * sub.length));
    }
  }
  for (let i = 0; i + 1 < ids.length; i++) {
    rows.push(bigramRow(space, ids[i] ?? 0, ids[i + 1] ?? 0));
    weights.push(bigramWeight / n);
  }
  return { rows: Int32Array.from(rows), weights: Float32Array.from(weights) };
}
