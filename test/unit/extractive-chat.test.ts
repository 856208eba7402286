import { describe, expect, it } from 'vitest';
import { composeAnswer, condenseByRules, createExtractiveChatModel, EXTRACTIVE_PREAMBLE } from '../../src/llm/extractive-chat.js';
import { bestSentence, contentTerms, splitSentences } from '../../src/llm/sentences.js';

const SOURCES = [
  { index: 1, content: 'Turbines are loud. The laminar boundary layer separates near the trailing edge at high Mach numbers.' },
  { index: 2, content: 'Heat transfer rises in the stagnation region (see [3]). Skin friction also grows.' },
  { index: 3, content: 'Nothing here matches.' },
];

describe('sentences', () => {
  it('splits prose, paragraphs and list items into exact spans, keeping hard-wrapped lines together', () => {
    const text = 'First one. Second, e.g. the same\nsentence wrapped.\n\n# Heading\n- item one\n- item two';
    const spans = splitSentences(text);
    expect(spans.map((span) => span.text)).toEqual(['First one.', 'Second, e.g. the same\nsentence wrapped.', '# Heading', '- item one', '- item two']);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('matches CJK text by character bigrams', () => {
    const text = '검색엔진은 빠르다。고양이는 귀엽다。';
    expect(bestSentence(text, '엔진 속도').quote).toBe('검색엔진은 빠르다。');
    expect(bestSentence(text, '고양이').quote).toBe('고양이는 귀엽다。');
  });

  it('matches inflections through light stemming and ignores stop words', () => {
    expect(contentTerms('The loading of the indexes')).toEqual(contentTerms('load index'));
    expect(bestSentence(SOURCES[0]!.content, 'where does the boundary layer separate?')).toEqual({
      quote: 'The laminar boundary layer separates near the trailing edge at high Mach numbers.',
      score: expect.any(Number),
    });
  });
});

describe('the extractive answerer', () => {
  it('quotes the best sentence of each matching source with its citation, saying it is extractive', () => {
    const text = composeAnswer('heat transfer and boundary layer separation', SOURCES).join('');
    expect(text).toBe(
      `${EXTRACTIVE_PREAMBLE}\n` +
        '\n- The laminar boundary layer separates near the trailing edge at high Mach numbers. [1]' +
        '\n- Heat transfer rises in the stagnation region (see (3)). [2]',
    );
  });

  it('streams the same text it returns and uses no tokens', async () => {
    const deltas: string[] = [];
    const model = createExtractiveChatModel();
    const completion = await model.generate({ kind: 'answer', messages: [], question: 'boundary layer', sources: SOURCES }, { onDelta: (delta) => deltas.push(delta) });
    expect(deltas.join('')).toBe(completion.text);
    expect(completion.usage).toBeUndefined();
    expect(model.model).toBe('extractive-v1');
  });

  it('rewrites a follow-up with the subject of the latest user turn, and leaves standalone questions alone', () => {
    const history = [
      { role: 'user' as const, content: 'Tell me about the Acme X200 laptop' },
      { role: 'assistant' as const, content: 'It is a 14-inch laptop [1].' },
    ];
    expect(condenseByRules('and what about its price?', history)).toBe('and what about its price? (Acme X200 laptop)');
    expect(condenseByRules('How heavy is the Acme X200 laptop?', history)).toBe('How heavy is the Acme X200 laptop?');
    expect(condenseByRules('Why?', [])).toBe('Why?');
  });
});
