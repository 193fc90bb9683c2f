import type { CentralConfig } from "../config.js";
import { createGeminiLlmProvider } from "../llm/gemini/gemini-llm-provider.js";
import type { LlmProvider } from "../llm/llm-provider.js";
import { createOfflineLlmProvider } from "../llm/offline/offline-llm-provider.js";
import { createInMemoryPolicySnapshotPublisher } from "../policy/publish/in-memory-policy-snapshot-publisher.js";
import type { PolicySnapshotPublisher } from "../policy/publish/policy-snapshot-publisher.js";
import { createUpstashPolicySnapshotPublisher } from "../policy/publish/upstash-policy-snapshot-publisher.js";
import { createInMemorySummaryCache } from "../summary-cache/in-memory-summary-cache.js";
import type { SummaryCache } from "../summary-cache/summary-cache.js";
import { createUpstashSummaryCache } from "../summary-cache/upstash-summary-cache.js";

// The adapters central's configuration chooses between: one function per port, nothing built twice.

/** The configured model provider: Gemini when an API key is set, else the offline provider. */
export function chooseLlmProvider(llm: CentralConfig["llm"]): LlmProvider {
  if (!llm.geminiApiKey) return createOfflineLlmProvider({ delayMs: llm.offlineTokenDelayMs });
  return createGeminiLlmProvider({
    apiKey: llm.geminiApiKey,
    model: llm.model,
    ...(llm.baseUrl ? { baseUrl: llm.baseUrl } : {}),
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
  });
}

/** True when the edge cache is Upstash (other processes see it); false: it lives in one process's memory. */
export function edgeCacheIsShared(config: CentralConfig): boolean {
  return config.summaryCache.kind === "upstash";
}

/** The summary cache central's configuration names; the memory one only lives inside one process. */
export function summaryCacheFor(config: CentralConfig): SummaryCache {
  const settings = config.summaryCache;
  if (settings.kind === "upstash")
    return createUpstashSummaryCache({
      redis: { url: settings.url, token: settings.token },
      ttlSeconds: settings.ttlSeconds,
    });
  return createInMemorySummaryCache({ ttlSeconds: settings.ttlSeconds });
}

/** The policy snapshot publisher for central's configured edge cache (the same Upstash as customer summaries). */
export function policyPublisherFor(config: CentralConfig): PolicySnapshotPublisher {
  const settings = config.summaryCache;
  if (settings.kind === "upstash")
    return createUpstashPolicySnapshotPublisher({ redis: { url: settings.url, token: settings.token } });
  return createInMemoryPolicySnapshotPublisher();
}
