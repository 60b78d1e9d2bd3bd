import type { PageStatus } from '../core/page-status';
import { escapeHtml } from './html';

const COLOURS = { none: '#1a7f37', minor: '#9a6700', major: '#bc4c00', critical: '#cf222e' } as const;

/** Approximate text width in Verdana 11px, as shields-style badges measure it. */
const textWidth = (text: string) => Math.round(text.length * 6.6 + 10);

/** A status badge for READMEs and intranets: "status | All Systems Operational", coloured by indicator. */
export function statusBadge(status: PageStatus, label = 'status'): string {
  const left = textWidth(label);
  const right = textWidth(status.description);
  const width = left + right;
  const text = escapeHtml(status.description);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeHtml(label)}: ${text}">
<title>${escapeHtml(label)}: ${text}</title>
<rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${COLOURS[status.indicator]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${left / 2}" y="14">${escapeHtml(label)}</text><text x="${left + right / 2}" y="14">${text}</text></g>
</svg>
`;
}
