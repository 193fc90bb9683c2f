import { z } from "zod";

/** Label a model uses for out-of-scope messages. */
export const OUT_OF_SCOPE_INTENT = "oos";

/** The parts of a model folder's `frontdesk-model.json` the edge reads (the trainer writes more). */
export const intentModelMetadataSchema = z.object({
  version: z.string().min(1).max(128),
  oos_label: z.string().min(1).nullable().optional(),
  thresholds: z.object({ oos_confidence: z.number().min(0).max(1) }).optional(),
});

/** The parts of `frontdesk-model.json` the edge reads. */
export type IntentModelMetadata = z.infer<typeof intentModelMetadataSchema>;

/** A classification as recorded with a turn: what the edge model said and which model version said it. */
export const intentClassificationSchema = z.object({
  intent: z.string().min(1).max(128),
  confidence: z.number().min(0).max(1),
  outOfScope: z.boolean(),
  modelVersion: z.string().min(1).max(128),
  latencyMs: z.number().min(0).optional(),
});

/** A classification as recorded with a turn. */
export type RecordedClassification = z.infer<typeof intentClassificationSchema>;
