import vaderSentiment from 'vader-sentiment';

/**
 * VADER compound score (−1..1) on `vader-sentiment` (the JS port), with two changes:
 *
 * 1. Case fix, so it agrees with the reference Python VADER: the port looks negators up
 *    case-sensitively ("Not bad" is not negated) and knows only "but"/"BUT" as the contrastive
 *    conjunction. We lower-case those words before scoring unless they are ALL-CAPS (an all-caps
 *    word also counts towards VADER's caps emphasis and must stay as written; an ALL-CAPS "NOT"
 *    is therefore still missed — the pipeline scores lower-cased text, where this never arises).
 * 2. Speed. The port's tokenizer builds a map of every word × 17 punctuation affixes for every
 *    text (about 0.3 ms for ten words; 12 s for the 7,151 real posts), far below the 10,000
 *    posts/s the pipeline needs. `wordsAndEmoticons` computes the same tokens directly; all
 *    scoring rules (lexicon, boosters' effect, negation, "but", idioms, punctuation emphasis,
 *    normalisation) still run in the port's own static methods. A test checks the result equals
 *    the port's `polarity_scores` on every real post.
 */

// The port's NEGATE list (vader-sentiment 1.1.3, src/vaderSentiment.js), plus "but".
const CASE_FIXED = new Set(
  [
    `aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't`,
    `doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't`,
    `mightn't mustn't neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt`,
    `uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't`,
    `wouldn't rarely seldom despite but`,
  ]
    .join(' ')
    .split(' '),
);

// The port's single-word BOOSTER_DICT keys (the port skips these words in its main loop; the
// multi-word keys can never equal one token). Not exported by the package, so listed here.
const BOOSTERS = new Set(
  [
    `absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely`,
    `especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin`,
    `fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly`,
    `purely quite really remarkably so substantially thoroughly totally tremendously uber`,
    `unbelievably unusually utterly very almost barely hardly kinda kindof kind-of less little`,
    `marginally occasionally partly scarcely slightly somewhat sorta sortof sort-of`,
  ]
    .join(' ')
    .split(/\s+/),
);

// The port's PUNC_LIST and the character class of its REGEX_REMOVE_PUNCTUATION.
const PUNC_AFFIXES = new Set([
  '.',
  '!',
  '?',
  ',',
  ';',
  ':',
  '-',
  "'",
  '"',
  '!!',
  '!!!',
  '??',
  '???',
  '?!?',
  '!?!',
  '?!?!',
  '!?!?',
]);
const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const LEADING_PUNCT = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+/;
const TRAILING_PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;

const analyzer = vaderSentiment.SentimentIntensityAnalyzer;

/** Lower-case negators and "but" written in Title/mixed case; keep everything else byte for byte. */
export function fixVaderCase(text: string): string {
  if (!/[A-Z]/.test(text)) return text; // cleaned (lower-case) text: nothing to fix
  return text.replace(/[A-Za-z'’-]+/g, (word) => {
    if (word === word.toLowerCase() || word === word.toUpperCase()) return word;
    const lower = word.toLowerCase();
    return CASE_FIXED.has(lower) ? lower : word;
  });
}

/**
 * The port's SentiText tokens: whitespace-split tokens longer than one character; a token made of
 * one PUNC_LIST affix plus a word (≥ 2 characters, no punctuation) becomes that word.
 */
export function wordsAndEmoticons(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/\s/)) {
    if (token.length <= 1) continue;
    out.push(stripAffix(token));
  }
  return out;
}

function stripAffix(token: string): string {
  const lead = LEADING_PUNCT.exec(token)?.[0];
  if (lead !== undefined && lead.length < token.length && PUNC_AFFIXES.has(lead)) {
    const rest = token.slice(lead.length);
    if (rest.length > 1 && !PUNCT.test(rest)) return rest;
  }
  const trail = TRAILING_PUNCT.exec(token)?.[0];
  if (trail !== undefined && trail.length < token.length && PUNC_AFFIXES.has(trail)) {
    const rest = token.slice(0, token.length - trail.length);
    if (rest.length > 1 && !PUNCT.test(rest)) return rest;
  }
  return token;
}

function isUpperPython(word: string): boolean {
  return /^[^a-z]*[A-Z]+[^a-z]*$/.test(word);
}

function allcapDifferential(words: readonly string[]): boolean {
  let caps = 0;
  for (const w of words) if (isUpperPython(w)) caps++;
  const diff = words.length - caps;
  return diff > 0 && diff < words.length;
}

export function vaderCompound(text: string): number {
  const fixed = fixVaderCase(text);
  const words = wordsAndEmoticons(fixed);
  const sentiText = { words_and_emoticons: words, is_cap_diff: allcapDifferential(words) };
  let sentiments: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const item = words[i] as string;
    const lower = item.toLowerCase();
    if ((lower === 'kind' && words[i + 1]?.toLowerCase() === 'of') || BOOSTERS.has(lower)) {
      sentiments.push(0);
      continue;
    }
    sentiments = analyzer.sentiment_valence(0, sentiText, item, i, sentiments);
  }
  sentiments = analyzer.but_check(words, sentiments);
  // score_valence reads the text only to count "!" and "?"; hand it just those.
  const c = analyzer.score_valence(sentiments, fixed.replace(/[^!?]+/g, '')).compound;
  return Number.isFinite(c) ? c : 0;
}

/** The port's own scoring of the case-fixed text: slow; the oracle `vaderCompound` is tested against. */
export function vaderCompoundReference(text: string): number {
  return analyzer.polarity_scores(fixVaderCase(text)).compound;
}
