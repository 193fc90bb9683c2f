/** A WebAssembly file imported as a module: wrangler (and the workerd test pool) hand over a precompiled module. */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
