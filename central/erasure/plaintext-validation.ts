import type { z } from "zod";
import type { NewEvent } from "../../shared/event-envelope.js";
import { EVENT_CATALOG, isEventType } from "../../shared/events/catalog.js";
import { err, ok, type Result } from "../../shared/result.js";
import { validateAppend, type AppendValidationError } from "../event-store/append-validation.js";

/**
 * Checks an append before its personal fields are encrypted: everything the store checks (stream name, catalog type,
 * metadata, tenant), plus the catalog's full data schema on the plaintext — the store only sees ciphertext for
 * personal fields, so their own rules (e.g. a name's length) can only be enforced here.
 */
export function validatePlaintextAppend(
  stream: string,
  events: readonly NewEvent[],
): Result<void, AppendValidationError> {
  const valid = validateAppend(stream, events);
  if (!valid.ok) return valid;
  for (const event of events) {
    if (!isEventType(event.type)) continue;
    const parsed = EVENT_CATALOG[event.type].data.safeParse(event.data);
    if (parsed.success) continue;
    const issues = issuesOf(parsed.error);
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    return err({
      code: "invalid_event_data",
      stream,
      eventId: event.eventId,
      type: event.type,
      issues,
      message: `${event.type} ${event.eventId} is invalid: ${summary}`,
    });
  }
  return ok(undefined);
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: ["data", ...issue.path.map(String)].join("."), message: issue.message }));
}
