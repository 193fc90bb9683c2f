/**
 * The bindings `env` from `cloudflare:test` carries in the workerd tests: the Worker's own (edge/wrangler.test.toml).
 */
declare module "cloudflare:test" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProvidedEnv extends Env {}
}
