/**
 * Text cleaning as DESIGN.md states it: markdown links → their text, drop URLs, HTML and
 * non-alphanumerics, lowercase, drop texts shorter than 5 characters.
 *
 * Decisions: apostrophes are deleted (so "isn't" → "isnt", which VADER still reads as a negation)
 * while other punctuation becomes a space (so "buy/sell" stays two words); letters and digits of
 * any script are kept; emoji and emoticons are dropped. Because the text is lower-cased before
 * scoring, VADER's ALL-CAPS emphasis and "!" amplification are lost by design — the research
 * pipeline scored cleaned text the same way, and the daily score must stay comparable with it.
 */

export const MIN_CLEAN_LENGTH = 5;

/** Bodies Reddit shows for deleted/removed posts carry no sentiment of the author. */
const PLACEHOLDER_BODIES = new Set(['[removed]', '[deleted]']);

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function decodeEntities(s: string): string {
  // Twice: Pushshift text carries double-escaped "&amp;#x200B;".
  for (let i = 0; i < 2; i++) {
    s = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
      const lower = e.toLowerCase();
      if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16) || 32);
      if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)) || 32);
      return ENTITIES[lower] ?? m;
    });
  }
  return s;
}

/** Title and body of a submission as one text (placeholder bodies dropped). */
export function postText(title: string, selftext: string): string {
  const body = PLACEHOLDER_BODIES.has(selftext.trim()) ? '' : selftext;
  return body ? `${title}\n${body}` : title;
}

/** The cleaned text, or null when fewer than 5 characters remain (the post is dropped). */
export function cleanText(raw: string): string | null {
  let s = decodeEntities(raw);
  s = s.replace(/!?\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)/g, '$1'); // [text](url) and ![alt](img)
  s = s.replace(/<[^>]*>/g, ' '); // HTML tags
  s = s.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' '); // bare URLs (also the ones inside link text)
  s = s.toLowerCase();
  s = s.replace(/['’‘`]/g, '');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return s.length >= MIN_CLEAN_LENGTH ? s : null;
}
