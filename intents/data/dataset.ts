import { createHash } from "node:crypto";
import { z } from "zod";
import { parseCsv } from "./csv.js";

/** The label that marks an out-of-scope example. */
export const OOS_LABEL = "oos";

/** One labelled utterance. */
export type Example = { text: string; label: string };

/** Splits of a dataset as the trainer and evaluator see them; `oos` labels live inside `val`/`test`. */
export type Dataset = {
  format: "clinc-json" | "csv";
  train: Example[];
  val: Example[];
  test: Example[] | null;
  sha256: string;
};

/** Why a data file could not be read. */
export type DatasetError = { code: "data_unreadable" | "data_ill_formed"; message: string };

/** Either a dataset or the reason it could not be built. */
export type DatasetResult = { ok: true; dataset: Dataset } | { ok: false; error: DatasetError };

const pairs = z.array(z.tuple([z.string(), z.string()]));
const clincSchema = z.object({
  train: pairs,
  val: pairs.optional(),
  test: pairs.optional(),
  oos_train: pairs.optional(),
  oos_val: pairs.optional(),
  oos_test: pairs.optional(),
});

/** Percentage of CSV rows held out as validation (by a hash of the text, so it is the same for every seed). */
export const CSV_VAL_PERCENT = 10;

/** True when a CSV row belongs to the deterministic held-out validation part. */
export function isCsvValRow(text: string): boolean {
  const digest = createHash("sha256").update(text).digest();
  return digest.readUInt32BE(0) % 100 < CSV_VAL_PERCENT;
}

const toExamples = (rows: [string, string][] | undefined): Example[] =>
  (rows ?? []).map(([text, label]) => ({ text, label }));

/** Builds a dataset from CLINC150-layout JSON text (`train`, `val`, `oos_train`, `oos_val`, optional `test`). */
export function datasetFromClincJson(text: string, sha256: string): DatasetResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { code: "data_ill_formed", message: `not valid JSON: ${(error as Error).message}` } };
  }
  const parsed = clincSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") : "";
    const message = `expected {"train": [[text, intent], ...], ...}: ${where} ${issue?.message ?? ""}`.trim();
    return { ok: false, error: { code: "data_ill_formed", message } };
  }
  const d = parsed.data;
  if (d.train.length === 0) return { ok: false, error: { code: "data_ill_formed", message: "`train` is empty" } };
  const train = [...toExamples(d.train), ...toExamples(d.oos_train)];
  const val = [...toExamples(d.val), ...toExamples(d.oos_val)];
  const test = d.test ? [...toExamples(d.test), ...toExamples(d.oos_test)] : null;
  return { ok: true, dataset: { format: "clinc-json", train, val, test, sha256 } };
}

/** Builds a dataset from `text,category` CSV text; a fixed ~10% of rows (by text hash) becomes `val`. */
export function datasetFromCsv(text: string, sha256: string): DatasetResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    const message = `unterminated quote starting on line ${parsed.line}`;
    return { ok: false, error: { code: "data_ill_formed", message } };
  }
  const [header, ...rows] = parsed.rows;
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const textAt = names.indexOf("text");
  const labelAt = names.findIndex((n) => n === "category" || n === "label" || n === "intent");
  if (textAt < 0 || labelAt < 0) {
    const message = "CSV header must name a `text` and a `category` column";
    return { ok: false, error: { code: "data_ill_formed", message } };
  }
  const train: Example[] = [];
  const val: Example[] = [];
  for (const [index, row] of rows.entries()) {
    const t = row[textAt];
    const label = row[labelAt];
    if (t === undefined || label === undefined || label === "") {
      const message = `row ${index + 2} has ${row.length} fields, expected text and category`;
      return { ok: false, error: { code: "data_ill_formed", message } };
    }
    (isCsvValRow(t) ? val : train).push({ text: t, label });
  }
  if (train.length === 0) return { ok: false, error: { code: "data_ill_formed", message: "CSV has no data rows" } };
  return { ok: true, dataset: { format: "csv", train, val, test: null, sha256 } };
}

/** Parses data text by its format: JSON when it starts with `{`, CSV otherwise. */
export function datasetFromText(text: string): DatasetResult {
  const sha256 = createHash("sha256").update(text).digest("hex");
  return text.trimStart().startsWith("{") ? datasetFromClincJson(text, sha256) : datasetFromCsv(text, sha256);
}
