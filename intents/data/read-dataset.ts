import { readFile } from "node:fs/promises";
import { datasetFromText, type DatasetResult } from "./dataset.js";

/** Reads a CLINC150 JSON or `text,category` CSV file into a dataset, or says why it cannot. */
export async function readDataset(path: string): Promise<DatasetResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, error: { code: "data_unreadable", message: `cannot read ${path}: ${reason}` } };
  }
  return datasetFromText(text);
}
