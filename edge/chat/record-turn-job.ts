import { z } from "zod";
import { inboundMessageSchema } from "../../shared/message-envelope.js";
import { err, ok, type Result } from "../../shared/result.js";

/**
 * A web turn the edge answered itself (answer_locally, handoff), to be recorded in central later: the message with its
 * route and reply, exactly as central would have got it at once (so the deterministic event ids are the same).
 */
export const recordTurnJobSchema = z.object({ kind: z.literal("record_turn"), message: inboundMessageSchema });

/** A queued record-turn job. */
export type RecordTurnJob = z.infer<typeof recordTurnJobSchema>;

/** True when a queue message's body is (meant to be) a record-turn job; other bodies are channel jobs. */
export function isRecordTurnBody(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { kind?: unknown }).kind === "record_turn";
}

/** Why a turn could not be queued. */
export interface TurnQueueFailure {
  code: "queue_unavailable";
  message: string;
}

/** Queues edge-answered turns for recording in central (durably: a Cloudflare Queue in production). */
export interface TurnRecorder {
  enqueue(job: RecordTurnJob): Promise<Result<void, TurnQueueFailure>>;
}

/** The recorder on a Cloudflare Queue (the channel work queue: one consumer, dispatching on `kind`). */
export function createQueueTurnRecorder(queue: Pick<Queue, "send">): TurnRecorder {
  return {
    async enqueue(job) {
      try {
        await queue.send(job, { contentType: "json" });
        return ok(undefined);
      } catch (error) {
        console.error("could not queue a turn for recording", error);
        return err({ code: "queue_unavailable", message: "the turn could not be queued for recording" });
      }
    },
  };
}
