import { randomBytes } from "node:crypto";
import pg from "pg";
import { redactUrl } from "../../shared/redact-url.js";
import { missingServicePolicy } from "./require-service.js";

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
 * Resolves TEST_DATABASE_URL and checks that PostgreSQL answers within a short timeout; what happens when it does
 * not is `missingServicePolicy`'s (skip with a printed reason, fail under CI=true).
 */
export async function detectTestPostgres(env: Record<string, string | undefined> = process.env): Promise<TestPostgres> {
  const url = env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return { url, reachable: true, skipReason: null };
  } catch (error) {
    const reason = `not reachable at ${redactUrl(url)} (${describe(error)}); set TEST_DATABASE_URL or start it`;
    return { url, reachable: false, skipReason: missingServicePolicy("PostgreSQL", reason, env).skipReason };
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

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
