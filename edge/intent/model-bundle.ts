import { intentModelMetadataSchema, OUT_OF_SCOPE_INTENT } from "../../shared/intent-model.js";
import { err, ok, type Result } from "../../shared/result.js";

/** The files of a transformers.js text-classification folder, as bundled modules (JSON objects and ONNX bytes). */
export interface ModelFolderModules {
  config: unknown;
  tokenizer: unknown;
  tokenizerConfig: unknown;
  /** `onnx/model.onnx` (a wrangler `Data` module). */
  onnx: ArrayBuffer;
  /** `frontdesk-model.json`; absent for a folder the project did not train (e.g. one exported from the hub). */
  metadata?: unknown;
}

/** A model ready to be served to transformers.js: its version, OOS rule and files by path inside the folder. */
export interface ModelBundle {
  version: string;
  /** Confidence under which the top intent counts as out of scope (0: no threshold). */
  oosThreshold: number;
  /** The label meaning out-of-scope, when the model has one. */
  oosLabel: string | null;
  /** File bodies by path relative to the folder: `config.json`, `tokenizer.json`, `onnx/model.onnx`, ... */
  files: ReadonlyMap<string, string | ArrayBuffer>;
}

/** Why a bundle could not be built. */
export interface ModelBundleFailure {
  code: "model_metadata_invalid";
  message: string;
}

/**
 * Builds a {@link ModelBundle} from bundled modules. The version comes from `frontdesk-model.json`, or from
 * `fallbackVersion` for a foreign folder without one (which then has no OOS threshold).
 */
export function modelBundle(
  modules: ModelFolderModules,
  fallbackVersion?: string,
): Result<ModelBundle, ModelBundleFailure> {
  const files = new Map<string, string | ArrayBuffer>([
    ["config.json", JSON.stringify(modules.config)],
    ["tokenizer.json", JSON.stringify(modules.tokenizer)],
    ["tokenizer_config.json", JSON.stringify(modules.tokenizerConfig)],
    ["onnx/model.onnx", modules.onnx],
  ]);
  if (modules.metadata === undefined) {
    if (!fallbackVersion)
      return err({ code: "model_metadata_invalid", message: "a model without frontdesk-model.json needs a version" });
    return ok({ version: fallbackVersion, oosThreshold: 0, oosLabel: OUT_OF_SCOPE_INTENT, files });
  }
  const parsed = intentModelMetadataSchema.safeParse(modules.metadata);
  if (!parsed.success) {
    return err({
      code: "model_metadata_invalid",
      message: `frontdesk-model.json: ${parsed.error.issues[0]?.message ?? "ill-formed"}`,
    });
  }
  const metadata = parsed.data;
  return ok({
    version: metadata.version,
    oosThreshold: metadata.thresholds?.oos_confidence ?? 0,
    oosLabel: metadata.oos_label === undefined ? OUT_OF_SCOPE_INTENT : metadata.oos_label,
    files,
  });
}
