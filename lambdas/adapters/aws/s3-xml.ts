/**
 * Reads the two XML documents S3 answers the site bucket with: a ListObjects page
 * (ListBucketResult) and an error (Error). Exactly these shapes, not XML in general: S3 writes
 * them without CDATA, comments or attributes on the elements read here.
 */

export interface ListedObject {
  key: string;
  /** Without its quotes: the MD5 (hex) of the content for a single-part PUT. */
  etag: string;
}

export interface ListObjectsPage {
  objects: ListedObject[];
  isTruncated: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass, so an escaped entity (`&amp;lt;`) stays text (`&lt;`). */
export const decodeXmlText = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? entity;
  });

/** The decoded text of the first `<name>` element in `xml`, if any (`<name/>` reads as ''). */
const elementText = (xml: string, name: string): string | undefined => {
  const match = new RegExp(`<${name}(?:>([\\s\\S]*?)</${name}>|\\s*/>)`).exec(xml);
  return match ? decodeXmlText(match[1] ?? '') : undefined;
};

export function parseListObjects(xml: string): ListObjectsPage {
  if (!xml.includes('<ListBucketResult')) throw new Error('S3 ListObjects answered without a ListBucketResult');
  const objects: ListedObject[] = [];
  for (const [, contents] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const key = elementText(contents!, 'Key');
    const etag = elementText(contents!, 'ETag');
    if (key !== undefined && etag !== undefined) objects.push({ key, etag: etag.replaceAll('"', '') });
  }
  return { objects, isTruncated: elementText(xml, 'IsTruncated') === 'true' };
}

/** S3's error code (`NoSuchBucket`, `SlowDown`...), when the answer is an error document. */
export const errorCode = (xml: string): string | undefined =>
  xml.includes('<Error') ? elementText(xml, 'Code') : undefined;
