import { PreTrainedTokenizer } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { buildVocabulary, createEncoder, tokenizerConfig, tokenizerJson } from "./build-tokenizer.js";

describe("tokenizer", () => {
  const vocab = buildVocabulary(["Send money to Bob!", "send the money", "Café au lait"]);

  it("puts [PAD] at 0 and orders words by frequency", () => {
    expect(vocab.tokens.slice(0, 6)).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "money", "send"]);
  });

  it("round-trips known text through transformers.js, lower-cased and accent-stripped", () => {
    const tokenizer = new PreTrainedTokenizer(tokenizerJson(vocab), tokenizerConfig());
    const ids = tokenizer.encode("SEND money to bob!", { add_special_tokens: false });
    expect(ids.every((id) => id > 3)).toBe(true);
    expect(tokenizer.decode(ids)).toBe("send money to bob!");
    expect(createEncoder(vocab)("café")).toEqual([vocab.tokens.indexOf("cafe")]);
  });

  it("spells unseen words with prefix, suffix and character pieces, and unknown characters as [UNK]", () => {
    const encode = createEncoder(vocab);
    const spell = (text: string): (string | undefined)[] => encode(text).map((id) => vocab.tokens[id]);
    expect(spell("moneys")).toEqual(["money", "##s"]);
    expect(spell("bond")).toEqual(["b", "##o", "##nd"]);
    expect(spell("monend")).toEqual(["mone", "##nd"]);
    expect(encode("zzz")).toEqual([1]);
  });
});
