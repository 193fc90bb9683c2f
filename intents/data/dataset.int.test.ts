import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { datasetFromText, isCsvValRow } from "./dataset.js";
import { readDataset } from "./read-dataset.js";

const fixture = fileURLToPath(new URL("../../test/fixtures/intents/tiny.csv", import.meta.url));

describe("datasets", () => {
  it("reads the CLINC150 layout, folding oos_train and oos_val into train and val", () => {
    const result = datasetFromText(
      JSON.stringify({
        train: [["hi", "greeting"]],
        val: [["hello", "greeting"]],
        oos_train: [["pizza?", "oos"]],
        oos_val: [["cars?", "oos"]],
      }),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.dataset.format).toBe("clinc-json");
    expect(result.dataset.train).toEqual([
      { text: "hi", label: "greeting" },
      { text: "pizza?", label: "oos" },
    ]);
    expect(result.dataset.val.map((e) => e.label)).toEqual(["greeting", "oos"]);
    expect(result.dataset.test).toBeNull();
    expect(result.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects JSON that is not the CLINC150 layout", () => {
    const result = datasetFromText('{"train": [["only text"]]}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("data_ill_formed");
    expect(datasetFromText("{not json").ok).toBe(false);
  });

  it("reads a quoted text,category CSV file", async () => {
    const result = await readDataset(fixture);
    if (!result.ok) throw new Error(result.error.message);
    const all = [...result.dataset.train, ...result.dataset.val];
    expect(all).toHaveLength(4);
    expect(all).toContainEqual({ text: "Where is my card, it hasn't arrived?", label: "card_arrival" });
    expect(all).toContainEqual({ text: 'He said "refund me" please', label: "refund" });
  });

  it("holds out the same CSV rows every time, about a tenth of them", () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `question number ${i}`);
    const held = rows.filter(isCsvValRow);
    expect(held.length).toBeGreaterThan(150);
    expect(held.length).toBeLessThan(250);
    expect(rows.filter(isCsvValRow)).toEqual(held);
  });

  it("rejects a CSV without text and category columns, and a missing file", async () => {
    const bad = datasetFromText("sentence,intent_name\nhi,greeting\n");
    expect(bad.ok ? "ok" : bad.error.code).toBe("data_ill_formed");
    const missing = await readDataset("/nonexistent/data.csv");
    expect(missing.ok ? "ok" : missing.error.code).toBe("data_unreadable");
  });
});
