import { EXTRACTIVE_CHAT_MODEL } from '../config.js';
import type { ChatCompletion, ChatMessage, ChatModel, ChatTask, GenerateOptions, NumberedSource } from './chat-model.js';
import { bestSentence, contentTerms, contentWords } from './sentences.js';

/**
 * The offline answerer (DESIGN §2 "answers", embedded default): no language model. An answer is the sentence of
 * each of the top sources that best matches the question, quoted with its `[n]` citation under a heading that says
 * plainly the answer is extractive. A follow-up question is condensed by a fixed rule (see `condenseByRules`).
 * Deterministic: the same sources and question always give the same text.
 */
export const EXTRACTIVE_PREAMBLE =
  'Extractive answer (no language model is configured): the passages of the collection that best match the question.';

/** Sources quoted at most; the relevance gate upstream already decided that the first ones are worth quoting. */
const MAX_QUOTED_SOURCES = 3;
const MAX_TOPIC_WORDS = 8;
const FOLLOW_UP_WORDS = new Set(
  'it its they them their theirs this that these those he him his she her hers one ones there same former latter'.split(' '),
);
const LEADING_CONNECTIVE = /^\s*(?:and|but|so|also|ok(?:ay)?|then|what about|how about)\b/i;

export function createExtractiveChatModel(): ChatModel {
  return {
    provider: 'extractive',
    model: EXTRACTIVE_CHAT_MODEL,
    generate: async (task: ChatTask, { signal, onDelta }: GenerateOptions = {}): Promise<ChatCompletion> => {
      signal?.throwIfAborted();
      const pieces = task.kind === 'answer' ? composeAnswer(task.question, task.sources) : [condenseByRules(task.question, task.history)];
      for (const piece of pieces) onDelta?.(piece);
      return { text: pieces.join(''), usage: undefined };
    },
  };
}

/** The answer as the pieces it streams in: the preamble, then one line per quoted sentence. */
export function composeAnswer(question: string, sources: readonly NumberedSource[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const source of sources.slice(0, MAX_QUOTED_SOURCES)) {
    const { quote, score } = bestSentence(source.content, question);
    const first = lines.length === 0 && source === sources[0];
    if ((score > 0 || first) && quote !== '' && !seen.has(quote)) {
      seen.add(quote);
      // A bracketed number inside a document ("see [3]") would read as a citation of source 3.
      lines.push(`\n- ${quote.replace(/\[(\d+)\]/g, '($1)')} [${source.index}]`);
    }
  }
  return [EXTRACTIVE_PREAMBLE, '\n', ...lines];
}

/**
 * A follow-up ("and what about its price?") is recognised by a leading connective, a pronoun, or fewer than two
 * content words; it becomes the question followed by the content words of the latest user turns in parentheses
 * ("and what about its price? (Acme X200 laptop)"), which is what retrieval needs. Other questions pass unchanged.
 */
export function condenseByRules(question: string, history: readonly ChatMessage[]): string {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const isFollowUp =
    LEADING_CONNECTIVE.test(question) || words.some((word) => FOLLOW_UP_WORDS.has(word)) || contentTerms(question).length < 2;
  if (!isFollowUp) return question;
  const topic = topicWords(history, new Set(contentTerms(question)));
  return topic.length === 0 ? question : `${question.trim()} (${topic.join(' ')})`;
}

/** Content words of the user's turns, newest turn first until a few are found, shown in conversation order. */
function topicWords(history: readonly ChatMessage[], known: ReadonlySet<string>): string[] {
  const turns: string[][] = [];
  const terms = new Set(known);
  let count = 0;
  for (const turn of [...history].reverse()) {
    if (turn.role !== 'user' || count >= 3) continue;
    const words: string[] = [];
    for (const { word, term } of contentWords(turn.content)) {
      if (terms.has(term)) continue;
      terms.add(term);
      words.push(word);
    }
    turns.unshift(words);
    count += words.length;
  }
  return turns.flat().slice(-MAX_TOPIC_WORDS);
}
