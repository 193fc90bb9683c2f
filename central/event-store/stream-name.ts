import { err, ok, type Result } from "../../shared/result.js";

/** The parts of a stream name `<kind>:<tenantId>:<id>`, e.g. `conversation:acme:conv-1`. */
export interface StreamName {
  /** What the stream is about: `conversation`, `customer`, `action`, … (lower case, digits and `-`). */
  kind: string;
  tenantId: string;
  id: string;
}

/** Why a string is not a stream name. */
export interface InvalidStreamName {
  code: "invalid_stream_name";
  stream: string;
  message: string;
}

const KIND = /^[a-z][a-z0-9-]{0,39}$/;
/** The id charset of `shared/ids.ts` (no ':'), restated so this helper stands alone. */
const ID = /^[A-Za-z0-9._@+=-]{1,128}$/;

/** Builds `<kind>:<tenantId>:<id>`; throws on parts that would make an unparseable name (a caller bug). */
export function streamName(kind: string, tenantId: string, id: string): string {
  const name = `${kind}:${tenantId}:${id}`;
  const parsed = parseStreamName(name);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return name;
}

/** Splits a stream name into kind, tenant and id, or says why it is not one. */
export function parseStreamName(stream: string): Result<StreamName, InvalidStreamName> {
  const parts = stream.split(":");
  const [kind = "", tenantId = "", id = ""] = parts;
  const problem =
    parts.length !== 3
      ? "expected exactly three ':'-separated parts <kind>:<tenantId>:<id>"
      : !KIND.test(kind)
        ? `kind '${kind}' must be lower-case letters, digits or '-', starting with a letter`
        : !ID.test(tenantId)
          ? "the tenant id must be 1-128 of A-Z a-z 0-9 . _ @ + = -"
          : !ID.test(id)
            ? "the id must be 1-128 of A-Z a-z 0-9 . _ @ + = -"
            : null;
  if (problem)
    return err({ code: "invalid_stream_name", stream, message: `'${stream}' is not a stream name: ${problem}` });
  return ok({ kind, tenantId, id });
}

/** The event stream of one conversation: `conversation:<tenantId>:<conversationId>`. */
export function conversationStreamName(tenantId: string, conversationId: string): string {
  return streamName("conversation", tenantId, conversationId);
}

/** The event stream of one customer: `customer:<tenantId>:<customerId>` (profile updates, `customer.erased`). */
export function customerStreamName(tenantId: string, customerId: string): string {
  return streamName("customer", tenantId, customerId);
}
