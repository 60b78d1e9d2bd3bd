import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SITE_SECURITY_HEADERS } from '../../render/site-hosting';

/** An HTML page from the API: never cached, with the same security headers as the site. */
export function htmlPage(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...SITE_SECURITY_HEADERS,
      ...headers,
    },
    body,
  };
}
