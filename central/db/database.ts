import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.js";
import * as schema from "./schema.js";

/** The generated SQL migrations, found next to this module whatever the working directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

/** Arbitrary key of the PostgreSQL advisory lock that serialises migrations of concurrently starting instances. */
const MIGRATION_LOCK_KEY = 4_242_001;

/** A drizzle database over central's schema, satisfied by both the PGlite and the node-postgres drivers. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Which engine backs the database. */
export type DatabaseKind = "pglite" | "postgres";

/** An open, migrated database. */
export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the connection(s); the database must not be used afterwards. */
  close(): Promise<void>;
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL URL; unset → embedded PGlite. */
  databaseUrl?: string;
  /** Local data folder; PGlite lives in `<dataDir>/pglite`. */
  dataDir: string;
}

/** Opens PostgreSQL (when a URL is given) or embedded PGlite and applies pending migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const directory = path.resolve(dataDir, "pglite");
  await mkdir(directory, { recursive: true });
  // PGlite does not stop a second process from opening the same folder (and corrupting it): a lock file does.
  const unlock = await lockDataDir(`${directory}.lock`);
  let client: PGlite;
  try {
    client = await PGlite.create(directory);
  } catch (error) {
    await unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.close();
    await unlock();
    throw error;
  }
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that crashes the process.
  pool.on("error", () => {});
  const db = drizzlePostgres(pool, { schema });
  try {
    const lock = await pool.connect();
    try {
      await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
      lock.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
