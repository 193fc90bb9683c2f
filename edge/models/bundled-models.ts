import clinc150Config from "./clinc150/config.json";
import clinc150Metadata from "./clinc150/frontdesk-model.json";
import clinc150Onnx from "./clinc150/onnx/model.onnx";
import clinc150Tokenizer from "./clinc150/tokenizer.json";
import clinc150TokenizerConfig from "./clinc150/tokenizer_config.json";
import type { ModelFolderModules } from "../intent/model-bundle.js";

/**
 * Model folders bundled into the edge Worker, by folder name; the first is the default. Built by
 * `npm run intents -- build-default`. To keep a version available for pins and rollback, keep its folder and list it
 * here.
 */
export const BUNDLED_MODELS: ReadonlyArray<{ name: string; modules: ModelFolderModules }> = [
  {
    name: "clinc150",
    modules: {
      config: clinc150Config,
      tokenizer: clinc150Tokenizer,
      tokenizerConfig: clinc150TokenizerConfig,
      onnx: clinc150Onnx,
      metadata: clinc150Metadata,
    },
  },
];
