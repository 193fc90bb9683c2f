import { PreTrainedTokenizer } from "@huggingface/transformers";

/** Special tokens, in id order; `[PAD]` must be 0 (its embedding row is masked out anyway). */
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] as const;

/** A WordPiece vocabulary: whole training words plus single-character pieces for unseen words. */
export type Vocabulary = { tokens: string[]; wordCount: number };

const PUNCT = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";
const WORD = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, "gu");

/** Lower-cases, strips accents and splits like BertNormalizer + BertPreTokenizer (close enough to count words). */
export function roughWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .trim()
      .match(WORD) ?? []
  );
}

/** Lengths of the sub-word pieces added for words never seen in training. */
export type PieceLengths = { prefixMin: number; prefixMax: number; suffixMax: number };

/** Default piece lengths: word-start pieces of 3–6 characters, continuation pieces of 1–4. */
export const DEFAULT_PIECES: PieceLengths = { prefixMin: 3, prefixMax: 6, suffixMax: 4 };

/**
 * Builds the vocabulary from training texts: words seen at least `minCount` times (by frequency, then spelling),
 * then pieces WordPiece can spell unseen words with: single characters, `##` + character, prefixes and
 * `##` + suffixes of training words. Pieces get their vectors from character n-grams at export.
 */
export function buildVocabulary(
  texts: readonly string[],
  minCount = 1,
  lengths: PieceLengths = DEFAULT_PIECES,
): Vocabulary {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of roughWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const byFrequency = (m: Map<string, number>): string[] =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w]) => w);
  const words = byFrequency(new Map([...counts].filter(([, n]) => n >= minCount)));
  const pieceCounts = new Map<string, number>();
  const addPiece = (piece: string, n: number): void => {
    pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + n);
  };
  for (const [word, n] of counts) {
    const chars = [...word];
    for (const ch of chars) {
      addPiece(ch, n);
      addPiece(`##${ch}`, n);
    }
    for (let len = lengths.prefixMin; len <= lengths.prefixMax && len < chars.length; len++)
      addPiece(chars.slice(0, len).join(""), n);
    for (let len = 2; len <= lengths.suffixMax && len < chars.length; len++)
      addPiece(`##${chars.slice(-len).join("")}`, n);
  }
  const seen = new Set<string>([...SPECIAL_TOKENS, ...words]);
  const pieces = byFrequency(pieceCounts).filter((p) => !seen.has(p));
  return { tokens: [...SPECIAL_TOKENS, ...words, ...pieces], wordCount: SPECIAL_TOKENS.length + words.length };
}

/**
 * The `tokenizer.json` (Hugging Face tokenizers format) for a vocabulary: BertNormalizer, BertPreTokenizer, WordPiece.
 */
export function tokenizerJson(vocab: Vocabulary): Record<string, unknown> {
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: true,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.tokens.map((token, id) => [token, id])),
    },
  };
}

/** Maximum tokens per input; longer inputs are truncated by the pipeline. */
export const MODEL_MAX_LENGTH = 128;

/** The `tokenizer_config.json` that goes with {@link tokenizerJson}. */
export function tokenizerConfig(): Record<string, unknown> {
  return {
    model_max_length: MODEL_MAX_LENGTH,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    do_lower_case: true,
    padding_side: "right",
  };
}

/** A function from text to token ids, the same ids transformers.js will feed the model. */
export type Encode = (text: string) => number[];

/** Creates an encoder with transformers.js' own tokenizer, so training sees exactly what inference sees. */
export function createEncoder(vocab: Vocabulary): Encode {
  const tokenizer = new PreTrainedTokenizer(tokenizerJson(vocab), tokenizerConfig());
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).slice(0, MODEL_MAX_LENGTH);
}
