/**
 * Where things sit on an A4 letter (points; 1 mm = 2.8346 pt; origin top-left, as pdfkit draws).
 *
 * The recipient's address is placed for a DL window envelope (110 × 220 mm) with the common
 * French right-hand window: 100 × 45 mm, 20 mm from the right edge and 15 mm from the bottom.
 * Folded in three, the letter can slide about 11 mm down and 10 mm sideways in the envelope, so
 * the area that always shows through the window is x 100–190 mm, y 50–84 mm of the page: the
 * address block is kept inside it (a test checks the printed coordinates).
 */
export const MM = 72 / 25.4;
export const mm = (value: number): number => value * MM;

export const PAGE = { width: mm(210), height: mm(297) };

export const ADDRESS_WINDOW = { x: mm(100), y: mm(50), width: mm(90), height: mm(34) };
/** The block itself, with a margin inside the window. */
/** Lines are at most 38 characters, so even the widest ones fit above 6 pt (a lint warning says so). */
export const ADDRESS_BLOCK = { x: mm(103), y: mm(53), width: mm(85), height: mm(29), size: 10, minSize: 6, leading: 1.2 };

export const SENDER = { x: mm(20), logoY: mm(12), logoMaxWidth: mm(50), logoMaxHeight: mm(18), textY: mm(32), size: 8.5, leading: 10.5, maxWidth: mm(75) };
export const PLACE_DATE = { x: mm(103), y: mm(88), size: 10.5 };

export const BODY = {
  x: mm(25),
  width: mm(165),
  firstPageTop: mm(95),
  nextPageTop: mm(22),
  bottom: mm(275),
  size: 10.5,
  leading: 13.5,
  paragraphGap: 5,
  subjectSize: 10.5,
  accrocheSize: 13,
  accrocheLeading: 16,
  /** Space after the subject line and after the accroche. */
  sectionGap: 10,
  bulletIndent: mm(6),
};

export const SIGNATURE = { x: mm(110), imageMaxWidth: mm(40), imageMaxHeight: mm(12), size: 10.5, titleSize: 9.5, gapBefore: 8 };
export const POSTSCRIPT = { gapBefore: 8 };

export const COUPON = {
  cutY: mm(227),
  top: mm(232),
  bottom: mm(291),
  left: mm(20),
  right: mm(190),
  columnSplit: mm(124),
  size: 9,
  headingSize: 11,
  box: 7.5,
  qrSize: mm(19),
  smallSize: 7.5,
};

/** Body text may run down to here on the page that carries the coupon. */
export const COUPON_PAGE_BOTTOM = COUPON.cutY - mm(5);

/** `Page 2/3`, top right, on letters of more than one page. */
export const PAGE_LABEL = { right: mm(190), y: mm(8), size: 8 };
