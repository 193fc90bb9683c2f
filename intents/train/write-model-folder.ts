import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OOS_LABEL } from "../data/dataset.js";
import { exportFoldedOnnx } from "../onnx/export-classifier.js";
import { tokenizerConfig, tokenizerJson } from "../tokenizer/build-tokenizer.js";
import type { TrainedModel } from "./train-model.js";

/** Name of the metadata file inside a model folder. */
export const METADATA_FILE = "frontdesk-model.json";

/** Provenance the trainer records next to the weights. */
export type ModelProvenance = { dataSha256: string; dataFormat: string; createdAt: string | null };

/** The metadata object written to {@link METADATA_FILE}; the version names the data, the seed and the weights. */
export function modelMetadata(
  model: TrainedModel,
  provenance: ModelProvenance,
  onnxSha256: string,
): Record<string, unknown> {
  return {
    format: "frontdesk-intents/1",
    version: `intents-${provenance.dataSha256.slice(0, 12)}-s${model.seed}-${onnxSha256.slice(0, 8)}`,
    onnx_sha256: onnxSha256,
    architecture:
      `ensemble of ${model.folded.members} embedding bags ` +
      "(WordPiece tokens with folded char n-grams, hashed token bigrams; int8 table with row scales) " +
      "-> linear -> softmax, probabilities averaged",
    training_data_sha256: provenance.dataSha256,
    training_data_format: provenance.dataFormat,
    seed: model.seed,
    hyperparameters: model.hyperparameters,
    labels: model.labels.length,
    oos_label: model.labels.includes(OOS_LABEL) || model.threshold.threshold > 0 ? OOS_LABEL : null,
    thresholds: { oos_confidence: model.threshold.threshold, rule: model.threshold.rule },
    val_metrics: model.valMetrics,
    created_at: provenance.createdAt,
  };
}

/** Writes a transformers.js text-classification folder: config, tokenizer files, `onnx/model.onnx`, metadata. */
export async function writeModelFolder(dir: string, model: TrainedModel, provenance: ModelProvenance): Promise<void> {
  await mkdir(join(dir, "onnx"), { recursive: true });
  const id2label = Object.fromEntries(model.labels.map((l, i) => [String(i), l]));
  const label2id = Object.fromEntries(model.labels.map((l, i) => [l, i]));
  const config = {
    model_type: "bert",
    architectures: ["BertForSequenceClassification"],
    problem_type: "single_label_classification",
    id2label,
    label2id,
    vocab_size: model.vocab.tokens.length,
    hidden_size: model.folded.dim * model.folded.members,
    max_position_embeddings: 128,
  };
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(dir, "config.json"), json(config));
  await writeFile(join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(model.vocab)));
  await writeFile(join(dir, "tokenizer_config.json"), json(tokenizerConfig()));
  const onnx = exportFoldedOnnx(model.folded);
  await writeFile(join(dir, "onnx", "model.onnx"), onnx);
  const onnxSha256 = createHash("sha256").update(onnx).digest("hex");
  await writeFile(join(dir, METADATA_FILE), json(modelMetadata(model, provenance, onnxSha256)));
}
