/**
 * Text from outside (file headers, config keys, parse errors) made safe for a one-line message:
 * control characters (CR, LF, escapes from a binary file) become '?', and long text is cut.
 */
export function printable(text: string, max = Infinity): string {
  const clean = text.replace(/\p{Cc}/gu, '?');
  return clean.length > max ? clean.slice(0, max) : clean;
}
