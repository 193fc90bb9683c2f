import type * as TransformersModule from "@huggingface/transformers";
import ortWasmModule from "onnxruntime-web/ort-wasm-simd-threaded.wasm";
import type { ModelBundle } from "./model-bundle.js";

/** The transformers.js module, imported lazily. */
export type Transformers = typeof TransformersModule;

/** Path under which bundled model folders are served to transformers.js through its custom `env.fetch`. */
const MODEL_ROOT = "/bundled-models/";

/**
 * Bytes handed to onnxruntime-web as `wasmBinary`: workerd forbids compiling wasm from bytes, so the
 * `WebAssembly.instantiate` wrapper below recognises them and instantiates the precompiled module instead.
 */
const PLACEHOLDER = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x66, 0x64, 0x2d, 0x6f, 0x72, 0x74,
]);

// Per-isolate state, on purpose: transformers.js' `env` and onnxruntime's wasm instance are themselves global to
// the isolate, so the import, its settings and the folders served through `env.fetch` are kept once per isolate.
let loading: Promise<Transformers> | undefined;
const served = new Map<string, ModelBundle>();

/** Registers a bundle's files under a model id transformers.js can load (`bundled/<n>`) and returns that id. */
export function serveBundle(bundle: ModelBundle): string {
  for (const [id, existing] of served) if (existing === bundle) return id;
  const id = `bundled/model-${served.size + 1}`;
  served.set(id, bundle);
  return id;
}

/**
 * Imports and configures transformers.js once per isolate, inside a request (it draws random numbers at module
 * load, which workerd forbids outside one): offline, no caches, single-threaded onnxruntime-web on the
 * precompiled wasm module, model files from the bundles registered with {@link serveBundle}.
 */
export function loadTransformers(): Promise<Transformers> {
  loading ??= importAndConfigure().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function importAndConfigure(): Promise<Transformers> {
  installInstantiateWrapper();
  const transformers = await import("@huggingface/transformers");
  const { env } = transformers;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.useWasmCache = false;
  env.localModelPath = MODEL_ROOT;
  env.fetch = serveModelFile;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = undefined;
    wasm.wasmBinary = PLACEHOLDER;
    wasm.numThreads = 1;
    wasm.proxy = false;
  }
  return transformers;
}

/** `env.fetch`: answers transformers.js' file requests from the registered bundles; anything else is a 404. */
async function serveModelFile(input: string | URL): Promise<Response> {
  const raw = typeof input === "string" ? input : input.pathname;
  const path = raw.startsWith(MODEL_ROOT) ? raw.slice(MODEL_ROOT.length) : raw.replace(/^\/+/, "");
  for (const [id, bundle] of served) {
    if (!path.startsWith(`${id}/`)) continue;
    const body = bundle.files.get(path.slice(id.length + 1));
    if (body !== undefined) return new Response(body, { status: 200 });
  }
  return new Response("not bundled", { status: 404, statusText: "Not Found" });
}

let wrapped = false;

/** Makes `WebAssembly.instantiate(PLACEHOLDER, imports)` instantiate onnxruntime's precompiled module. */
function installInstantiateWrapper(): void {
  if (wrapped) return;
  wrapped = true;
  const original = WebAssembly.instantiate.bind(WebAssembly);
  const wrapper = (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports): Promise<unknown> => {
    if (isPlaceholder(source)) {
      return original(ortWasmModule, imports).then((instance) => ({ instance, module: ortWasmModule }));
    }
    return original(source as BufferSource, imports);
  };
  WebAssembly.instantiate = wrapper as typeof WebAssembly.instantiate;
}

function isPlaceholder(source: unknown): boolean {
  if (!ArrayBuffer.isView(source) && !(source instanceof ArrayBuffer)) return false;
  const bytes =
    source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return bytes.byteLength === PLACEHOLDER.byteLength && bytes.every((byte, i) => byte === PLACEHOLDER[i]);
}
