import type { CentralConfig } from "../config.js";
import type { DatabaseKind } from "../db/database.js";
import type { EventStore } from "../event-store/event-store.js";
import type { ProjectionName } from "../projections/keyed-projection.js";
import { isProjectionName, PROJECTION_NAMES, rebuildNamedProjection } from "../projections/projection-registry.js";
import type { ProjectionStorage } from "../projections/projection-storage.js";
import type { RebuildResult } from "../projections/rebuild-projection.js";
import { commandFailed, EXIT_CODES, type CliCommand } from "../../tools/cli/cli-command.js";
import { argsOrExit, tryParseArgs } from "../../tools/cli/command-args.js";
import { openForCommand } from "./open-for-command.js";
import { createProgressReporter, formatDuration } from "./progress-bar.js";

/** The replay command's `--help` text. */
export const REPLAY_USAGE = [
  "Usage: frontdesk replay --projection <customer-summary|conversation-state|all> [--batch-size <n>]",
  "",
  "Rebuilds projections from position 0 of the event log: folds every event, then in one transaction clears the",
  "projection's table, writes the rebuilt rows and sets its checkpoint, so the result is exactly what the live",
  "projection would hold. A running central on PostgreSQL picks up from the rebuilt state; with the embedded",
  "database (PGlite) stop central first: only one process can open its data folder.",
  "",
  "Options:",
  `  --projection <name>   ${[...PROJECTION_NAMES, "all"].join(", ")} (required)`,
  "  --batch-size <n>      events read per page (default 5000)",
  "  -h, --help            show this help",
  "",
  "Progress goes to stderr (position / head, events/s, ETA); one summary line per projection to stdout.",
  "Reads central's environment: DATABASE_URL or FRONTDESK_DATA_DIR, ENCRYPTION_MASTER_KEY (or <data dir>/master.key).",
  "Exit codes: 0 rebuilt, 1 failed (nothing was half-written: run it again), 2 usage error.",
  "",
].join("\n");

/** The configured database with what projections read and write, for a command run beside the server. */
export interface ProjectionStores {
  kind: DatabaseKind;
  /** The decrypting store, as the live projections read it (personal fields readable, or erased). */
  eventStore: EventStore;
  storage: ProjectionStorage;
  close(): Promise<void>;
}

/** What the replay command needs: a way to open the projection stores from central's configuration. */
export interface ReplayCommandDeps {
  open(config: CentralConfig, log: (line: string) => void): Promise<ProjectionStores>;
  /** Milliseconds clock (default `performance.now`). */
  now?: () => number;
}

type ReplayArgs = { help: true } | { help: false; projections: ProjectionName[]; batchSize: number };

/** Parses `replay` arguments; a usage problem is a value. */
export function parseReplayArgs(argv: string[]): { ok: true; value: ReplayArgs } | { ok: false; message: string } {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      projection: { type: "string" },
      "batch-size": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed.value;
  if (values.help) return { ok: true, value: { help: true } };
  const projection = values.projection;
  if (projection === undefined) return { ok: false, message: "--projection is required" };
  if (projection !== "all" && !isProjectionName(projection)) {
    return { ok: false, message: `unknown projection '${projection}': use ${[...PROJECTION_NAMES, "all"].join(", ")}` };
  }
  const batchSize = values["batch-size"] === undefined ? 5000 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
    return { ok: false, message: "--batch-size must be a whole number from 1 to 100000" };
  return {
    ok: true,
    value: { help: false, projections: projection === "all" ? [...PROJECTION_NAMES] : [projection], batchSize },
  };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** The summary line of one rebuilt projection. */
export function describeRebuild(result: RebuildResult): string {
  return (
    `replayed ${result.projection}: ${number.format(result.events)} events into ${number.format(result.rows)} rows ` +
    `in ${formatDuration(result.elapsedMs)} (${number.format(result.eventsPerSecond)} events/s); ` +
    `checkpoint ${number.format(result.position)}\n`
  );
}

/** Creates `frontdesk replay`. */
export function createReplayCommand(deps: ReplayCommandDeps): CliCommand {
  return {
    name: "replay",
    summary: "Rebuild projections from position 0 of the event log (--projection <name|all>)",
    async run(argv, io) {
      const parsed = argsOrExit("frontdesk replay", parseReplayArgs(argv), REPLAY_USAGE, io);
      if (!parsed.ok) return parsed.exitCode;
      const { projections, batchSize } = parsed.args;
      const open = await openForCommand("replay", io, deps.open);
      if (!open.ok) return open.exitCode;
      const stores = open.value;
      const progress = createProgressReporter(io.stderr, {
        tty: io.stderrIsTty ?? false,
        ...(deps.now ? { now: deps.now } : {}),
      });
      try {
        for (const projection of projections) {
          const result = await rebuildNamedProjection(projection, {
            eventStore: stores.eventStore,
            storage: stores.storage,
            batchSize,
            onProgress: (state) => progress.update({ label: projection, ...state }),
            ...(deps.now ? { now: deps.now } : {}),
          });
          progress.done();
          io.stdout(describeRebuild(result));
        }
        return EXIT_CODES.ok;
      } catch (error) {
        progress.done();
        const reason = error instanceof Error ? error.message : String(error);
        return commandFailed(io, "frontdesk replay", `failed: ${reason} (nothing was half-written: run it again)`);
      } finally {
        await stores.close();
      }
    },
  };
}
