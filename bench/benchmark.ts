/** Figures a benchmark reports: flat or one level nested, numbers or short strings. */
export type Metrics = Record<string, number | string | null | Record<string, number | string | null>>;

/** One benchmark under bench/<name>/index.ts. */
export interface Benchmark {
  /** One line shown by `npm run bench -- <name> --help`. */
  description: string;
  /** Runs the benchmark, reporting progress, and returns its figures. */
  run(context: { progress: (message: string) => void; args: string[] }): Promise<Metrics>;
}
