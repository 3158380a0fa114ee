/** One link of a numbered pager; `number` null is a gap ("…"). */
export interface PagerLink {
  number: number | null;
  href?: string;
  current?: boolean;
}

export interface Pager {
  pages: PagerLink[];
  previous?: string;
  next?: string;
  /** How many pages there are (at least 1, so "page 1 of 1" reads right for an empty list). */
  count: number;
}

/**
 * Previous / next and page numbers: the first, the last and two either side of the current one,
 * with gaps between. `href(n)` builds each address, so the filters stay in every link.
 */
export function pager(page: number, total: number, size: number, href: (n: number) => string): Pager {
  const count = Math.max(1, Math.ceil(total / size));
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, count])]
    .filter((n) => n >= 1 && n <= count)
    .sort((a, b) => a - b);
  const pages: PagerLink[] = [];
  for (const n of shown) {
    const last = pages[pages.length - 1];
    if (last?.number != null && n > last.number + 1) pages.push({ number: null });
    pages.push({ number: n, href: href(n), current: n === page });
  }
  return {
    pages,
    previous: page > 1 ? href(Math.min(page - 1, count)) : undefined,
    next: page < count ? href(page + 1) : undefined,
    count,
  };
}
