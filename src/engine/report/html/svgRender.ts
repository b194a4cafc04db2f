import type { ViewOptions } from 'vega';
import type { TopLevelSpec } from 'vega-lite';

type Logger = NonNullable<ViewOptions['logger']>;

/** Collects Vega/Vega-Lite warnings instead of printing them (src/ never writes to the console). */
function collectingLogger(sink: string[]): Logger {
  let level = 2; // vega-util's Warn
  const text = (args: unknown[]): string =>
    args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: Logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      sink.push(`error: ${text(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= 2) sink.push(`warning: ${text(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  } as Logger;
  return logger;
}

/**
 * Vega's SVG writer numbers clip paths and gradients from 1 in every document it renders; several
 * charts inlined in one page would then share `id="clip1"` and clip each other. Give each chart
 * its own prefix.
 */
function scopeIds(svg: string, prefix: string): string {
  return svg.replace(/(id="|url\(#|href="#)((?:clip|gradient_)\d+)/g, `$1${prefix}-$2`);
}

/** Vega writes mark positions with full float precision; a hundredth of a pixel is plenty. */
function roundTranslates(svg: string): string {
  return svg.replace(
    /translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)/g,
    (_m, x: string, y: string) => `translate(${round2(x)},${round2(y)})`,
  );
}

function round2(s: string): number {
  return Math.round(Number(s) * 100) / 100;
}

/**
 * Compile a Vega-Lite spec and render it to an SVG string in Node: no DOM, no canvas, no browser
 * (renderer 'none' builds the scenegraph; toSVG serialises it). Warnings go to `warnings`.
 */
export async function renderSvg(spec: TopLevelSpec, id: string, warnings: string[] = []): Promise<string> {
  // Loaded on first use: vega + d3 are ~100 modules that a backtest without a report never needs.
  const [{ View, parse }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = collectingLogger(warnings);
  const vg = compile(spec, { logger }).spec;
  const view = new View(parse(vg), { renderer: 'none', logger });
  try {
    return roundTranslates(scopeIds(await view.toSVG(), id));
  } finally {
    view.finalize();
  }
}
