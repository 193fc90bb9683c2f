import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { conversationStates, customerSummaries } from "../db/schema.js";
import { createDrizzleCheckpointStore } from "../subscriptions/drizzle-checkpoint-store.js";
import { keyString, type ProjectionName } from "./keyed-projection.js";
import type { ProjectionScope, ProjectionStorage, ProjectionTable, StoredRow } from "./projection-storage.js";

/** The database or a transaction. */
type Executor = Pick<Db, "select" | "insert" | "update" | "delete">;

/** Rows written per INSERT statement. */
const INSERT_CHUNK = 500;

/** The two projection tables differ only in the names of their id and state columns. */
const TABLES = {
  "customer-summary": { table: customerSummaries, id: customerSummaries.customerId, state: customerSummaries.summary },
  "conversation-state": {
    table: conversationStates,
    id: conversationStates.conversationId,
    state: conversationStates.state,
  },
} as const;

function upsert(executor: Executor, name: ProjectionName, rows: StoredRow[]): Promise<unknown> {
  const updatedAt = sql`now()`;
  if (name === "customer-summary") {
    return executor
      .insert(customerSummaries)
      .values(
        rows.map((row) => ({
          tenantId: row.key.tenantId,
          customerId: row.key.id,
          version: row.version,
          summary: row.state,
        })),
      )
      .onConflictDoUpdate({
        target: [customerSummaries.tenantId, customerSummaries.customerId],
        set: { version: sql`excluded.version`, summary: sql`excluded.summary`, updatedAt },
      });
  }
  return executor
    .insert(conversationStates)
    .values(
      rows.map((row) => ({
        tenantId: row.key.tenantId,
        conversationId: row.key.id,
        version: row.version,
        state: row.state,
      })),
    )
    .onConflictDoUpdate({
      target: [conversationStates.tenantId, conversationStates.conversationId],
      set: { version: sql`excluded.version`, state: sql`excluded.state`, updatedAt },
    });
}

function tableOn(executor: Executor, name: ProjectionName): ProjectionTable {
  const spec = TABLES[name];
  const columns = { tenantId: spec.table.tenantId, id: spec.id, version: spec.table.version, state: spec.state };
  const toRow = (row: {
    tenantId: string;
    id: string;
    version: number;
    state: Record<string, unknown>;
  }): StoredRow => ({
    key: { tenantId: row.tenantId, id: row.id },
    version: row.version,
    state: row.state,
  });
  return {
    async load(keys) {
      const found = new Map<string, Record<string, unknown>>();
      if (keys.length === 0) return found;
      const byTenant = new Map<string, string[]>();
      for (const key of keys) byTenant.set(key.tenantId, [...(byTenant.get(key.tenantId) ?? []), key.id]);
      const where = or(
        ...[...byTenant].map(([tenantId, ids]) => and(eq(spec.table.tenantId, tenantId), inArray(spec.id, ids))),
      );
      const rows = await executor.select(columns).from(spec.table).where(where);
      for (const row of rows) found.set(keyString({ tenantId: row.tenantId, id: row.id }), row.state);
      return found;
    },
    async save(rows) {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK)
        await upsert(executor, name, rows.slice(start, start + INSERT_CHUNK));
    },
    async clear() {
      await executor.delete(spec.table);
    },
    async list() {
      const rows = await executor.select(columns).from(spec.table).orderBy(asc(spec.table.tenantId), asc(spec.id));
      return rows.map(toRow);
    },
    async changedSince(version, limit) {
      const rows = await executor
        .select(columns)
        .from(spec.table)
        .where(gt(spec.table.version, version))
        .orderBy(asc(spec.table.version))
        .limit(limit);
      return rows.map(toRow);
    },
  };
}

function scopeOn(executor: Executor): ProjectionScope {
  return { checkpoints: createDrizzleCheckpointStore(executor), table: (name) => tableOn(executor, name) };
}

/**
 * {@link ProjectionStorage} on PGlite or PostgreSQL: `projection_checkpoints`, `customer_summaries`,
 * `conversation_states`.
 */
export function createDrizzleProjectionStorage(db: Db): ProjectionStorage {
  return {
    ...scopeOn(db),
    transaction: (work) => db.transaction((tx) => work(scopeOn(tx))),
  };
}
