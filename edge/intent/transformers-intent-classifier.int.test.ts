import { describe, expect, it } from "vitest";
import hubConfig from "../../test/fixtures/intent-models/hub-style/config.json";
import hubOnnx from "../../test/fixtures/intent-models/hub-style/onnx/model.onnx";
import hubTokenizer from "../../test/fixtures/intent-models/hub-style/tokenizer.json";
import hubTokenizerConfig from "../../test/fixtures/intent-models/hub-style/tokenizer_config.json";
import { BUNDLED_MODELS } from "../models/bundled-models.js";
import { createIntentModels } from "./intent-models.js";
import { modelBundle, type ModelBundle } from "./model-bundle.js";
import { createTransformersIntentClassifier } from "./transformers-intent-classifier.js";

function bundleOrThrow(result: ReturnType<typeof modelBundle>): ModelBundle {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const shippedModules = BUNDLED_MODELS[0]?.modules;
if (!shippedModules) throw new Error("no bundled model");
const shipped = bundleOrThrow(modelBundle(shippedModules));
const hubStyle = bundleOrThrow(
  modelBundle(
    { config: hubConfig, tokenizer: hubTokenizer, tokenizerConfig: hubTokenizerConfig, onnx: hubOnnx },
    "hub-style-test-1",
  ),
);

describe("transformers.js intent classifier in workerd", () => {
  it("classifies real customer text with the shipped model and names its version", async () => {
    const classifier = createTransformersIntentClassifier({ bundle: shipped });
    const cases: [string, string][] = [
      ["what is the balance in my checking account", "balance"],
      ["please freeze my account right now", "freeze_account"],
      ["how do I set up direct deposit to my bank account", "direct_deposit"],
    ];
    for (const [text, intent] of cases) {
      const result = await classifier.classify(text);
      expect(result).toMatchObject({ ok: true, value: { intent, outOfScope: false, modelVersion: shipped.version } });
      if (result.ok) expect(result.value.confidence).toBeGreaterThan(shipped.oosThreshold);
    }
  });

  it("flags text outside every intent as out of scope", async () => {
    const classifier = createTransformersIntentClassifier({ bundle: shipped });
    const result = await classifier.classify("how many moons does jupiter have");
    expect(result).toMatchObject({ ok: true, value: { outOfScope: true } });
  });

  it("loads another folder layout (WordLevel tokenizer, token_type_ids, no metadata) with the same code", async () => {
    const classifier = createTransformersIntentClassifier({ bundle: hubStyle });
    expect(await classifier.classify("Hello there")).toMatchObject({
      ok: true,
      value: { intent: "greeting", modelVersion: "hub-style-test-1" },
    });
    expect(await classifier.classify("thanks a lot")).toMatchObject({
      ok: true,
      value: { intent: "thanks", outOfScope: false },
    });
    // The shipped model still answers alongside it in the same isolate.
    const again = await createTransformersIntentClassifier({ bundle: shipped }).classify("what is my balance");
    expect(again).toMatchObject({ ok: true, value: { modelVersion: shipped.version } });
  });

  it("answers a pinned tenant with its pinned version, others with the default (rollback by config)", async () => {
    const hubFolder = {
      name: "hub-style",
      modules: { config: hubConfig, tokenizer: hubTokenizer, tokenizerConfig: hubTokenizerConfig, onnx: hubOnnx },
    };
    const models = createIntentModels({ folders: [...BUNDLED_MODELS, hubFolder], pins: { acme: "hub-style" } });
    expect(models.versions).toEqual([shipped.version, "hub-style"]);
    expect(await models.forTenant("acme").classify("hello")).toMatchObject({
      ok: true,
      value: { intent: "greeting", modelVersion: "hub-style" },
    });
    expect(await models.forTenant("globex").classify("hello")).toMatchObject({
      ok: true,
      value: { modelVersion: shipped.version },
    });
  });

  it("degrades to model_unavailable, reported once, when the model cannot load", async () => {
    const reports: string[] = [];
    const broken = { ...shipped, files: new Map([...shipped.files].filter(([path]) => path !== "onnx/model.onnx")) };
    const classifier = createTransformersIntentClassifier({
      bundle: broken,
      reportFailure: (message) => reports.push(message),
    });
    const first = await classifier.classify("what is my balance");
    const second = await classifier.classify("what is my balance");
    expect(first).toMatchObject({ ok: false, error: { code: "model_unavailable", modelVersion: shipped.version } });
    expect(second.ok).toBe(false);
    expect(reports).toHaveLength(1);
  });

  it("degrades the same way when transformers.js itself fails to import", async () => {
    const classifier = createTransformersIntentClassifier({
      bundle: shipped,
      load: () => Promise.reject(new Error("no wasm")),
      reportFailure: () => undefined,
    });
    expect(await classifier.classify("hi")).toMatchObject({ ok: false, error: { code: "model_unavailable" } });
  });
});
