/** What a test file does about an external part it needs. */
export interface ServicePolicy {
  skip: boolean;
  /** The printed reason the tests are skipped, when they are. */
  skipReason: string | null;
}

/**
 * Decides what a test does when an external part it needs (PostgreSQL, Redis, Chromium) is missing:
 * outside CI it skips with a printed reason; under CI=true a missing part fails the run.
 */
export function missingServicePolicy(
  name: string,
  reason: string | null,
  env: Record<string, string | undefined> = process.env,
): ServicePolicy {
  if (reason === null) return { skip: false, skipReason: null };
  if (env.CI === "true") {
    throw new Error(`${name} is required under CI=true but is not available: ${reason}`);
  }
  const skipReason = `⚠ ${name} not available (${reason}): skipping these tests. Install/start it to run them.`;
  console.warn(skipReason);
  return { skip: true, skipReason };
}
