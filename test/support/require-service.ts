/**
 * Decides what a test does when an external part it needs (PostgreSQL, Redis, Chromium) is missing:
 * outside CI it skips with a printed reason; under CI=true a missing part fails the run.
 */
export function missingServicePolicy(name: string, reason: string | null): { skip: boolean } {
  if (reason === null) return { skip: false };
  if (process.env.CI === "true") {
    throw new Error(`${name} is required under CI=true but is not available: ${reason}`);
  }
  console.warn(`⚠ ${name} not available (${reason}): skipping these tests. Install/start it to run them.`);
  return { skip: true };
}
