/**
 * Number parsing straight from the CSV text by index, so a year of candles never becomes millions
 * of short strings. The fast path is exact: while the digits form an integer m <= 2^53 they are
 * held exactly, 10^k is exact for k <= 22, and one IEEE division m / 10^k is correctly rounded —
 * the same double Number() returns (Clinger's fast path). Anything else (exponents, long mantissas, "NaN", spaces) goes through Number() itself.
 */

const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

function slowNumber(text: string, start: number, end: number): number {
  const field = text.slice(start, end).trim();
  // Number('') is 0 and Number('0x1f') is 31: neither is a price.
  if (field === '' || /^[+-]?0[xob]/i.test(field)) return Number.NaN;
  return Number(field);
}

/**
 * Parses the decimal number in text[start, end). Returns exactly what Number() would for plain
 * decimals, and NaN for an empty field, words or hex.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const sign = text.charCodeAt(i);
  if (sign === 45 /* - */) {
    negative = true;
    i++;
  } else if (sign === 43 /* + */) {
    i++;
  }
  const digitsStart = i;
  // Leading zeros leave the mantissa unchanged, so they need no special case; if the mantissa
  // ends at or below 2^53 every step on the way was exact.
  let mantissa = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
  }
  const integerDigits = i - digitsStart;
  let fraction = 0;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
    }
    fraction = i - fractionStart;
  }
  if (i !== end || integerDigits + fraction === 0 || mantissa > Number.MAX_SAFE_INTEGER || fraction > 22) {
    return slowNumber(text, start, end);
  }
  const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] ?? Number.NaN);
  return negative ? -value : value;
}

/** True when text[start, end) is a finite number (so a first line is data, not a header). */
export function isNumericField(text: string, start: number, end: number): boolean {
  return end > start && Number.isFinite(parseDecimal(text, start, end));
}
