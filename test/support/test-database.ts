import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../central/db/database.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./postgres.js";
import { makeTempDir } from "./temp-dir.js";

/** A database opened for the tests of the enclosing describe (or file); read `database` inside tests and hooks. */
export interface TestDatabaseHandle {
  readonly database: Database;
}

/**
 * Inside a describe: a throwaway database on `serverUrl`, created and opened in beforeAll, closed and dropped in
 * afterAll.
 */
export function usePostgresDatabase(serverUrl: string): TestDatabaseHandle & { readonly url: string } {
  let throwaway: ThrowawayDatabase | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(serverUrl);
    database = await openDatabase({ databaseUrl: throwaway.url, dataDir: "unused" });
  });
  afterAll(async () => {
    await database?.close();
    await throwaway?.drop();
  });
  return {
    get database() {
      if (!database) throw new Error("the PostgreSQL test database is opened in beforeAll");
      return database;
    },
    get url() {
      if (!throwaway) throw new Error("the PostgreSQL test database is created in beforeAll");
      return throwaway.url;
    },
  };
}

/**
 * Inside a describe (or a file): a PGlite database in a fresh temp dir, opened in beforeAll, closed and removed in
 * afterAll.
 */
export function usePgliteDatabase(): TestDatabaseHandle & { readonly dataDir: string } {
  let dir: { path: string; remove(): Promise<void> } | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    dir = await makeTempDir();
    database = await openDatabase({ dataDir: dir.path });
  });
  afterAll(async () => {
    await database?.close();
    await dir?.remove();
  });
  return {
    get database() {
      if (!database) throw new Error("the PGlite test database is opened in beforeAll");
      return database;
    },
    get dataDir() {
      if (!dir) throw new Error("the PGlite test database is created in beforeAll");
      return dir.path;
    },
  };
}
