import { type CertificateFetcher, isSnsCertificateUrl, type SubscriptionConfirmer } from '../alerts/sns-message';

const TIMEOUT_MS = 5000;
const MAX_CERTIFICATE_BYTES = 16 * 1024;

/**
 * SNS's signing certificates, fetched over HTTPS from the SNS host and kept for the life of the
 * execution environment (SNS rotates them rarely; a new URL is simply a new entry).
 */
export function snsCertificateFetcher(): CertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    if (!isSnsCertificateUrl(url)) return Promise.reject(new Error(`Not an SNS certificate URL: ${url}`));
    let certificate = cache.get(url);
    if (!certificate) {
      certificate = fetchCertificate(url);
      certificate.catch(() => cache.delete(url)); // a failed fetch is tried again next time
      cache.set(url, certificate);
    }
    return certificate;
  };
}

async function fetchCertificate(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (response.status !== 200) throw new Error(`The certificate answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_CERTIFICATE_BYTES || !text.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error('Not a PEM certificate');
  return text;
}

/** Confirms a subscription by visiting its SubscribeURL (already checked to be SNS's). */
export const snsSubscriptionConfirmer: SubscriptionConfirmer = async (url) => {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`SNS answered ${response.status} to the subscription confirmation`);
};
