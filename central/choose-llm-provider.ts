import type { CentralConfig } from "./config.js";
import { createGeminiLlmProvider } from "./llm/gemini/gemini-llm-provider.js";
import type { LlmProvider } from "./llm/llm-provider.js";
import { createOfflineLlmProvider } from "./llm/offline/offline-llm-provider.js";

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
