/** Token counts a fake reply reports (Gemini's `usageMetadata`). */
export interface FakeUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
}

/** Gemini's JSON body for one response or one streamed chunk. */
export interface FakeGenerateContentResponse {
  candidates: { content: { role: "model"; parts: { text: string }[] }; finishReason?: string; index: number }[];
  usageMetadata?: FakeUsage;
  modelVersion?: string;
  responseId: string;
}

/** Google's error body: `{ error: { code, message, status, details? } }`. */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: Record<string, unknown>[] };
}

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** A Google error body for an HTTP status, with an optional RetryInfo delay such as `"2s"`. */
export function googleErrorBody(code: number, message: string, retryDelay?: string): GoogleErrorBody {
  const error: GoogleErrorBody["error"] = { code, message, status: STATUS_NAMES[code] ?? "UNKNOWN" };
  if (retryDelay !== undefined) error.details = [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }];
  return { error };
}

/** One response or chunk; `finishReason` and usage belong on the last chunk only. */
export function generateContentResponse(input: {
  text: string;
  modelVersion: string | undefined;
  responseId: string;
  finishReason?: string | undefined;
  usage?: FakeUsage | undefined;
}): FakeGenerateContentResponse {
  const candidate: FakeGenerateContentResponse["candidates"][number] = {
    content: { role: "model", parts: input.text === "" ? [] : [{ text: input.text }] },
    index: 0,
  };
  if (input.finishReason !== undefined) candidate.finishReason = input.finishReason;
  const response: FakeGenerateContentResponse = { candidates: [candidate], responseId: input.responseId };
  if (input.modelVersion !== undefined) response.modelVersion = input.modelVersion;
  if (input.usage !== undefined) response.usageMetadata = input.usage;
  return response;
}

/** A rough, deterministic token count (one per started group of four characters). */
export function roughTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}
