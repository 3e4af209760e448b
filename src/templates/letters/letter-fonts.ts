import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as fontkit from 'fontkit';
import { lazyModule } from '../../core/lazy-module';
import { PACKAGE_ROOT } from '../../core/package-root';
import type { FontStyle, Measurer } from './line-breaking';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (core/lazy-module.ts says why)
const loadFontkit = lazyModule(() => require('fontkit') as typeof fontkit);

/**
 * The letters' serif fonts (Liberation Serif, SIL Open Font License, in `assets/fonts/`): every
 * French character and € included, embedded as subsets so the PDF's text extracts exactly.
 * Parsed once per process and shared by every document — never per letter.
 */
const FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

export const FONT_DIRECTORY = path.join(PACKAGE_ROOT, 'assets', 'fonts');

export interface LetterFonts {
  fonts: Record<FontStyle, fontkit.Font>;
  measurer: Measurer;
}

let loaded: LetterFonts | undefined;

/** Word widths repeat endlessly in a batch (same template, same words): cache them per style. */
function cachedMeasurer(fonts: Record<FontStyle, fontkit.Font>): Measurer {
  const caches: Record<FontStyle, Map<string, number>> = { regular: new Map(), bold: new Map(), italic: new Map(), boldItalic: new Map() };
  return {
    width(text, style, size) {
      const cache = caches[style];
      let units = cache.get(text);
      if (units === undefined) {
        const font = fonts[style];
        units = font.layout(text).advanceWidth / font.unitsPerEm;
        if (cache.size > 100_000) cache.clear();
        cache.set(text, units);
      }
      return units * size;
    },
  };
}

export function letterFonts(): LetterFonts {
  if (!loaded) {
    const fonts = {} as Record<FontStyle, fontkit.Font>;
    for (const style of Object.keys(FILES) as FontStyle[]) {
      const font = loadFontkit().create(fs.readFileSync(path.join(FONT_DIRECTORY, FILES[style])));
      if (!('layout' in font)) throw new Error(`${FILES[style]} is a font collection, expected a single font`);
      fonts[style] = font;
    }
    loaded = { fonts, measurer: cachedMeasurer(fonts) };
  }
  return loaded;
}
