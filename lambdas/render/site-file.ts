import type { CacheClass } from './site-hosting';

/** One file of the static site, ready to upload. */
export interface SiteFile {
  /** Key in the bucket, without a leading slash: `index.html`, `api/v2/summary.json`. */
  path: string;
  contentType: string;
  body: string;
  cache: CacheClass;
}

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  svg: 'image/svg+xml',
  js: 'text/javascript; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const;
