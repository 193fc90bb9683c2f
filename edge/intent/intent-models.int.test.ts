import { describe, expect, it } from "vitest";
import { createFakeIntentClassifier } from "./fake-intent-classifier.js";
import { createIntentModels } from "./intent-models.js";
import type { ModelFolderModules } from "./model-bundle.js";

const folder = (name: string, version: string): { name: string; modules: ModelFolderModules } => ({
  name,
  modules: { config: {}, tokenizer: {}, tokenizerConfig: {}, onnx: new ArrayBuffer(0), metadata: { version } },
});
const folders = [folder("current", "v2"), folder("previous", "v1")];
const byVersion = (bundle: { version: string }) =>
  createFakeIntentClassifier({ intent: "greeting", confidence: 0.9, outOfScope: false, modelVersion: bundle.version });

describe("intent models (versions and tenant pins)", () => {
  it("answers unpinned tenants with the default (first) model", async () => {
    const models = createIntentModels({ folders, pins: {}, createClassifier: byVersion });
    expect(models.versions).toEqual(["v2", "v1"]);
    expect(await models.forTenant("acme").classify("hi")).toMatchObject({ ok: true, value: { modelVersion: "v2" } });
  });

  it("rolls a pinned tenant back to the version (or folder name) it is pinned to", async () => {
    const models = createIntentModels({
      folders,
      pins: { acme: "v1", globex: "previous" },
      createClassifier: byVersion,
    });
    expect(await models.forTenant("acme").classify("hi")).toMatchObject({ value: { modelVersion: "v1" } });
    expect(await models.forTenant("globex").classify("hi")).toMatchObject({ value: { modelVersion: "v1" } });
    expect(await models.forTenant("initech").classify("hi")).toMatchObject({ value: { modelVersion: "v2" } });
  });

  it("reports a pin to a version not bundled and forwards that tenant's messages (model_unavailable)", async () => {
    const reports: string[] = [];
    const models = createIntentModels({
      folders,
      pins: { acme: "v9" },
      createClassifier: byVersion,
      report: (m) => reports.push(m),
    });
    expect(await models.forTenant("acme").classify("hi")).toMatchObject({
      ok: false,
      error: { code: "model_unavailable", modelVersion: "v9" },
    });
    expect(reports.join()).toContain("acme is pinned to v9");
  });

  it("reports a folder with unreadable metadata and keeps serving the others", async () => {
    const reports: string[] = [];
    const broken = { name: "broken", modules: { ...folder("broken", "x").modules, metadata: { version: 42 } } };
    const models = createIntentModels({
      folders: [broken, ...folders],
      pins: { acme: "v1" },
      createClassifier: byVersion,
      report: (m) => reports.push(m),
    });
    expect(reports).toHaveLength(1);
    expect(await models.forTenant("other").classify("hi")).toMatchObject({ ok: false });
    expect(await models.forTenant("acme").classify("hi")).toMatchObject({ ok: true });
  });
});
