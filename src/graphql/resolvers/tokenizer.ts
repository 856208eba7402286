import type { Tokenizer as StoredTokenizer } from '../../text/cjk.js';
import type { Tokenizer } from '../generated/resolvers.js';

/** The GraphQL `Tokenizer` enum and the value stored in `collections.tokenizer`, both ways. */
export function toStoredTokenizer(tokenizer: Tokenizer | null | undefined): StoredTokenizer | undefined {
  if (tokenizer === null || tokenizer === undefined) return undefined;
  return tokenizer === 'CJK_BIGRAM' ? 'cjk-bigram' : 'standard';
}

export function toGraphQLTokenizer(tokenizer: StoredTokenizer): Tokenizer {
  return tokenizer === 'cjk-bigram' ? 'CJK_BIGRAM' : 'STANDARD';
}
