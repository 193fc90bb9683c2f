import type { Dataset, Example } from "../data/dataset.js";

const INTENTS: Record<string, { verbs: string[]; objects: string[] }> = {
  balance: {
    verbs: ["what is", "show me", "tell me", "check"],
    objects: ["my balance", "the account balance", "how much money i have", "my savings balance"],
  },
  transfer: {
    verbs: ["send", "transfer", "move", "wire"],
    objects: ["money to mom", "fifty dollars to bob", "funds to savings", "cash to my friend"],
  },
  weather: {
    verbs: ["what is", "tell me", "show me", "how is"],
    objects: ["the weather today", "the forecast for tomorrow", "the temperature outside", "the weather in paris"],
  },
  timer: {
    verbs: ["set", "start", "create", "make"],
    objects: ["a timer for ten minutes", "a five minute timer", "a countdown timer", "a timer for the oven"],
  },
};
const OOS = [
  "who painted the mona lisa",
  "sing me a song about dragons",
  "what is the meaning of life",
  "how tall is mount everest",
  "recommend a good novel",
  "how do volcanoes erupt",
  "tell me a joke about cats",
  "what language do dolphins speak",
];

/** A tiny CLINC-shaped dataset (4 intents from templates, plus `oos`) that trains in well under a second. */
export function syntheticDataset(): Dataset {
  const train: Example[] = [];
  const val: Example[] = [];
  for (const [label, { verbs, objects }] of Object.entries(INTENTS)) {
    verbs.forEach((verb, i) =>
      objects.forEach((object, j) => {
        ((i + j) % 4 === 0 ? val : train).push({ text: `${verb} ${object}`, label });
      }),
    );
  }
  OOS.forEach((text, i) => (i % 2 === 0 ? train : val).push({ text, label: "oos" }));
  return { format: "clinc-json", train, val, test: null, sha256: "0".repeat(64) };
}
