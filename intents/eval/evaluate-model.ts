import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import type { Example } from "../data/dataset.js";
import { METADATA_FILE } from "../train/write-model-folder.js";
import { quantile, scorePredictions, type Metrics } from "./metrics.js";
import { decideLabel, type TopPrediction } from "./oos-decision.js";

/** The evaluator's one-line report: quality figures as fractions in [0, 1], latency in milliseconds per call. */
export type EvalReport = Metrics & { p50_ms: number; p99_ms: number; model_bytes: number };

/** Classifies one text; the transformers.js pipeline in production, a fake in tests. */
export type Classify = (text: string) => Promise<TopPrediction>;

const metadataSchema = z.object({ thresholds: z.object({ oos_confidence: z.number().min(0).max(1) }).optional() });

/** Why a model folder could not be used. */
export type ModelError = { code: "model_unreadable"; message: string };

/** Reads the OOS confidence threshold from a folder's metadata; 0 when the folder has none (a foreign model). */
export async function readThreshold(
  dir: string,
): Promise<{ ok: true; threshold: number } | { ok: false; error: ModelError }> {
  let text: string;
  try {
    text = await readFile(join(dir, METADATA_FILE), "utf8");
  } catch {
    return { ok: true, threshold: 0 };
  }
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      return {
        ok: false,
        error: {
          code: "model_unreadable",
          message: `${METADATA_FILE}: ${parsed.error.issues[0]?.message ?? "ill-formed"}`,
        },
      };
    return { ok: true, threshold: parsed.data.thresholds?.oos_confidence ?? 0 };
  } catch (error) {
    return { ok: false, error: { code: "model_unreadable", message: `${METADATA_FILE}: ${(error as Error).message}` } };
  }
}

/** Total size in bytes of every file in a folder, recursively. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}

/** Loads a local model folder through `pipeline("text-classification")`, offline, exactly as the edge will. */
export async function loadPipelineClassifier(
  dir: string,
): Promise<{ ok: true; classify: Classify } | { ok: false; error: ModelError }> {
  const { pipeline, env } = await import("@huggingface/transformers");
  const absolute = resolve(dir);
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(absolute)}/`;
  try {
    const classifier = await pipeline("text-classification", basename(absolute), { dtype: "fp32" });
    return {
      ok: true,
      classify: async (text) => {
        const output = await classifier(text);
        const top = (Array.isArray(output) ? output[0] : output) as { label?: string; score?: number } | undefined;
        return { label: top?.label ?? "", score: top?.score ?? 0 };
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: { code: "model_unreadable", message: `cannot load ${absolute}: ${(error as Error).message}` },
    };
  }
}

/** Classifies every example one call at a time (timing each call), applies the threshold and scores the result. */
export async function evaluate(
  examples: readonly Example[],
  classify: Classify,
  threshold: number,
  now: () => number = () => performance.now(),
): Promise<Omit<EvalReport, "model_bytes">> {
  const predicted: string[] = [];
  const times: number[] = [];
  for (const example of examples) {
    const started = now();
    const top = await classify(example.text);
    times.push(now() - started);
    predicted.push(decideLabel(top, threshold));
  }
  const metrics = scorePredictions(
    examples.map((e) => e.label),
    predicted,
  );
  return { ...metrics, p50_ms: quantile(times, 0.5), p99_ms: quantile(times, 0.99) };
}
