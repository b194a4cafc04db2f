import { describe, expect, it } from 'vitest';
import { cleanText, postText } from '../../src/engine/sentiment/clean.js';
import { fixturePosts } from './fixture.js';

describe('cleanText', () => {
  it('returns the link text of markdown links and drops bare URLs', () => {
    expect(cleanText('Read [the Berlin notes](https://blog.ethereum.org/x) and https://t.co/abc now')).toBe(
      'read the berlin notes and now',
    );
  });

  it('returns text without HTML tags and decodes (double-escaped) entities', () => {
    expect(cleanText('<p>Buy &amp; hold</p>&amp;#x200B;<br/>ETH &gt; BTC')).toBe('buy hold eth btc');
  });

  it('returns lower-case letters and digits only, dropping emoji and keeping negations readable', () => {
    expect(cleanText("ETH to the moon 🚀🚀 isn't it?! 100x")).toBe('eth to the moon isnt it 100x');
  });

  it('returns null for texts shorter than 5 characters after cleaning', () => {
    expect(cleanText('🚀🚀 OK!')).toBeNull();
    expect(cleanText('https://example.com')).toBeNull();
    expect(cleanText('hodl!'), '4 letters left').toBeNull();
    expect(cleanText('gm, ser!')).toBe('gm ser');
  });

  it('returns the title alone when the body is a [removed] placeholder', () => {
    expect(postText('Is ETH volatile?', '[removed]')).toBe('Is ETH volatile?');
    expect(postText('Is ETH volatile?', 'yes')).toBe('Is ETH volatile?\nyes');
  });

  it('returns clean text for a real post with emoji, HTML entities and markdown links', () => {
    const post = fixturePosts().find(
      (p) => p.title === "VAR Finance just got on BSC chain. Don't miss the next moonshot.",
    );
    expect(post, 'the fixture holds this real 2021-04-08 post').toBeDefined();
    const text = cleanText(postText(post?.title ?? '', post?.selftext ?? '')) ?? '';
    expect(text).toMatch(/^var finance just got on bsc chain dont miss the next moonshot/);
    expect(text, 'emoji, &amp;#x200B; and the markdown URL are gone').not.toMatch(
      /[^a-z0-9 ]|https|200b|amp/,
    );
    expect(text, 'a link whose text is itself a URL leaves nothing').toContain(
      'too late check site official telegram',
    );
  });
});
