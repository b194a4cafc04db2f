// vader-sentiment ships no types; this is the part of its API we use (all static methods).
declare module 'vader-sentiment' {
  export interface PolarityScores {
    readonly neg: number;
    readonly neu: number;
    readonly pos: number;
    readonly compound: number;
  }
  /** What the port's rule methods read of its SentiText. */
  export interface SentiTextLike {
    readonly words_and_emoticons: readonly string[];
    readonly is_cap_diff: boolean;
  }
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): PolarityScores;
    /** Pushes the valence of `item` (0 unless it is in the lexicon) and returns the array. */
    sentiment_valence(
      valence: number,
      sentiText: SentiTextLike,
      item: string,
      index: number,
      sentiments: number[],
    ): number[];
    but_check(wordsAndEmoticons: readonly string[], sentiments: number[]): number[];
    score_valence(sentiments: readonly number[], text: string): PolarityScores;
  };
  const vader: { readonly SentimentIntensityAnalyzer: typeof SentimentIntensityAnalyzer };
  export default vader;
}
