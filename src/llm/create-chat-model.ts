import type { Config } from '../config.js';
import type { ChatModel } from './chat-model.js';
import { createExtractiveChatModel } from './extractive-chat.js';
import { createOpenAIChatModel } from './openai-chat.js';

/** Builds the configured answering model; the composition root calls it once. */
export function createChatModel(config: Pick<Config, 'llm' | 'openai'>): ChatModel {
  const { llm, openai } = config;
  switch (llm.provider) {
    case 'extractive':
      return createExtractiveChatModel();
    case 'openai':
      return createOpenAIChatModel({
        model: llm.model,
        apiKey: openai.apiKey,
        baseUrl: openai.baseUrl,
        timeoutMs: llm.timeoutMs,
        maxRetries: llm.maxRetries,
      });
    default: {
      const unreachable: never = llm.provider;
      throw new Error(`unknown LLM_PROVIDER ${String(unreachable)}`);
    }
  }
}
