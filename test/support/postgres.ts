import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where tests look for PostgreSQL when TEST_DATABASE_URL is unset. */
export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The PostgreSQL server tests may use, or why they cannot. */
export interface TestPostgres {
  /** Server URL (its database is only used to create and drop throwaway ones). */
  url: string;
  reachable: boolean;
  /** Why the PostgreSQL tests are skipped, when they are. */
  skipReason: string | null;
}

/** A database created for one test file. */
export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, forcibly closing connections left open. */
  drop(): Promise<void>;
}

/**
 * Resolves TEST_DATABASE_URL and checks that PostgreSQL answers within a short timeout. When it does not, the
 * reason is printed and tests should skip — except in CI (`CI=true`), where this throws so the run fails.
 */
export async function detectTestPostgres(env: Record<string, string | undefined> = process.env): Promise<TestPostgres> {
  const url = env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return { url, reachable: true, skipReason: null };
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${redact(url)} (${describe(error)}): skipping; set TEST_DATABASE_URL or start it`;
    if (env.CI === "true") throw new Error(reason.replace(": skipping;", ": failing because CI=true;"));
    console.warn(reason);
    return { url, reachable: false, skipReason: reason };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates an empty database `frontdesk_test_<random>` on the server; drop it when the test file is done. */
export async function createThrowawayDatabase(serverUrl: string): Promise<ThrowawayDatabase> {
  const name = `frontdesk_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an invalid URL)";
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
