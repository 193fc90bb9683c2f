/** The number given as `--<name>=<value>` among a benchmark's arguments, or `fallback` when it is absent. */
export function numberArg(args: readonly string[], name: string, fallback: number): number {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
  return value === undefined ? fallback : Number(value);
}
