import { describe, expect, it } from 'vitest';
import { encodeKey } from '../../lambdas/adapters/aws/s3-site-bucket';
import { decodeXmlText, errorCode, parseListObjects } from '../../lambdas/adapters/aws/s3-xml';

const listing = (contents: string, truncated: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>site</Name><Prefix/><Marker></Marker><MaxKeys>1000</MaxKeys>
  <IsTruncated>${truncated}</IsTruncated>${contents}
</ListBucketResult>`;

const object = (key: string, etag: string) =>
  `<Contents><Key>${key}</Key><LastModified>2026-12-03T11:00:00.000Z</LastModified><ETag>${etag}</ETag>` +
  '<Size>12</Size><Owner><ID>abc</ID><DisplayName>me</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>';

describe('reading a ListObjects page', () => {
  it('gives every key with its ETag unquoted, and whether more pages follow', () => {
    const page = parseListObjects(
      listing(
        object('index.html', '&quot;9e107d9d372bb6826bd81d3542a419d6&quot;') +
          object('api/v2/summary.json', '"e4d909c290d0fb1ca068ffaddf22cbd0"'),
        true,
      ),
    );
    expect(page).toEqual({
      objects: [
        { key: 'index.html', etag: '9e107d9d372bb6826bd81d3542a419d6' },
        { key: 'api/v2/summary.json', etag: 'e4d909c290d0fb1ca068ffaddf22cbd0' },
      ],
      isTruncated: true,
    });
  });

  it('decodes the XML entities in keys, named and numeric', () => {
    const page = parseListObjects(
      listing(object('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; caf&#233; &#x1F680;.html', '"x"'), false),
    );
    expect(page.objects[0]!.key).toBe('a & b <c> "d" \'e\' café 🚀.html');
    expect(page.isTruncated).toBe(false);
  });

  it('decodes once: an escaped entity stays text', () => {
    expect(decodeXmlText('&amp;lt; &amp;#38; &unknown;')).toBe('&lt; &#38; &unknown;');
  });

  it('reads an empty bucket as no objects, and refuses a document that is not a listing', () => {
    expect(parseListObjects(listing('', false))).toEqual({ objects: [], isTruncated: false });
    expect(() => parseListObjects('<html>proxy error</html>')).toThrow(/ListBucketResult/);
  });
});

describe("reading S3's error document", () => {
  it('gives the code', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>gone</BucketName></Error>';
    expect(errorCode(xml)).toBe('NoSuchBucket');
    expect(errorCode('')).toBeUndefined();
  });
});

describe('encoding a key for the URL', () => {
  it('encodes each path segment as S3 signs it, keeping the slashes', () => {
    expect(encodeKey('incidents/a b/café (1)!.html')).toBe('incidents/a%20b/caf%C3%A9%20%281%29%21.html');
    expect(encodeKey('x+y~z_-.json')).toBe('x%2By~z_-.json');
  });
});
