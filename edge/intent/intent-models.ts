import type { ModelPins } from "../../shared/edge-routing.js";
import { err } from "../../shared/result.js";
import type { IntentClassifier } from "./intent-classifier.js";
import { modelBundle, type ModelBundle, type ModelFolderModules } from "./model-bundle.js";
import { createTransformersIntentClassifier } from "./transformers-intent-classifier.js";

/** The intent models of one isolate: a classifier per bundled version, chosen per tenant by the pins. */
export interface IntentModels {
  /** The classifier that answers for a tenant: its pinned version, else the default (first bundled) model. */
  forTenant(tenantId: string): IntentClassifier;
  /** Versions available, default first. */
  readonly versions: readonly string[];
}

/** What the intent models are built from. */
export interface IntentModelsDeps {
  /** Bundled model folders by name; the first is the default. */
  folders: ReadonlyArray<{ name: string; modules: ModelFolderModules }>;
  /** Tenant → version (or folder name). */
  pins: ModelPins;
  /** Builds the classifier of one bundle (transformers.js by default; a fake in tests). */
  createClassifier?: (bundle: ModelBundle) => IntentClassifier;
  report?: (message: string) => void;
}

/**
 * Builds one lazily loading classifier per bundled folder and resolves tenants through the pins. A folder that
 * cannot be read, or a pin naming no bundled version, is reported and yields an always-unavailable classifier
 * for the tenants concerned (their messages are forwarded to central), never an error response.
 */
export function createIntentModels(deps: IntentModelsDeps): IntentModels {
  const report = deps.report ?? ((message) => console.error(message));
  const create = deps.createClassifier ?? ((bundle) => createTransformersIntentClassifier({ bundle }));
  const byKey = new Map<string, IntentClassifier>();
  const versions: string[] = [];
  let fallback: IntentClassifier | undefined;
  for (const folder of deps.folders) {
    const bundle = modelBundle(folder.modules, folder.name);
    const classifier = bundle.ok
      ? create(bundle.value)
      : unavailable(`model folder ${folder.name}: ${bundle.error.message}`);
    if (!bundle.ok) report(`intent model folder ${folder.name} is unusable: ${bundle.error.message}`);
    fallback ??= classifier;
    byKey.set(folder.name, classifier);
    if (bundle.ok) {
      byKey.set(bundle.value.version, classifier);
      versions.push(bundle.value.version);
    }
  }
  const none = unavailable("no intent model is bundled");
  const pinned = new Map<string, IntentClassifier>();
  for (const [tenantId, version] of Object.entries(deps.pins)) {
    const classifier = byKey.get(version);
    if (!classifier)
      report(
        `EDGE_MODEL_PINS: tenant ${tenantId} is pinned to ${version}, which is not bundled ` +
          `(have ${versions.join(", ") || "none"}); its messages go to central`,
      );
    pinned.set(tenantId, classifier ?? unavailable(`pinned model ${version} is not bundled`, version));
  }
  return {
    versions,
    forTenant: (tenantId) => pinned.get(tenantId) ?? fallback ?? none,
  };
}

function unavailable(message: string, modelVersion?: string): IntentClassifier {
  return {
    classify: async () => err({ code: "model_unavailable", message, ...(modelVersion ? { modelVersion } : {}) }),
  };
}
