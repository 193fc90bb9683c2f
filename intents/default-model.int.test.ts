import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_RECIPE } from "./build-default-model.js";
import { readDataset } from "./data/read-dataset.js";
import { loadPipelineClassifier } from "./eval/evaluate-model.js";

const MODEL = DEFAULT_MODEL_RECIPE.out;
const DATA = join(DEFAULT_MODEL_RECIPE.datasets, DEFAULT_MODEL_RECIPE.data);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const metadata = async () =>
  JSON.parse(await readFile(join(MODEL, "frontdesk-model.json"), "utf8")) as Record<string, unknown>;

describe("the shipped default model (edge/models/clinc150)", () => {
  it("carries metadata that names its own weights: version and ONNX hash match the committed file", async () => {
    const meta = await metadata();
    const onnxSha = sha256(await readFile(join(MODEL, "onnx", "model.onnx")));
    expect(meta.onnx_sha256).toBe(onnxSha);
    expect(meta.version).toMatch(
      new RegExp(`^intents-[0-9a-f]{12}-s${DEFAULT_MODEL_RECIPE.seed}-${onnxSha.slice(0, 8)}$`),
    );
    expect(meta.created_at).toBeNull();
  });

  it.skipIf(!existsSync(DATA))(
    "was trained from the CLINC150 data in ../shared/datasets (data hash matches)",
    async () => {
      const read = await readDataset(DATA);
      if (!read.ok) throw new Error(read.error.message);
      expect((await metadata()).training_data_sha256).toBe(read.dataset.sha256);
    },
  );

  it("loads through transformers.js and classifies", async () => {
    const loaded = await loadPipelineClassifier(MODEL);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect((await loaded.classify("what is the balance in my checking account")).label).toBe("balance");
  });
});
