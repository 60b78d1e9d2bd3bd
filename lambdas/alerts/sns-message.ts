import { createVerify } from 'node:crypto';
import { AuthenticationError, ValidationError } from '../core/errors';
import * as z from '../core/schema';
import { parseInput } from '../core/validation';

/**
 * Amazon SNS's HTTP(S) delivery, checked the way AWS documents it ("Verifying the signatures of
 * Amazon SNS messages"): the signing certificate must come from an SNS host over HTTPS, and the
 * message's fields, in their fixed order, must carry its RSA signature (SHA1 for version 1,
 * SHA256 for version 2). This is what sns-payload-validator does too; it is written out here so
 * that fetching the certificate is a port (tests sign with their own certificate, offline) and
 * so that the fetch has a timeout and a size limit.
 */
export const SnsEnvelope = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().check(z.minLength(1), z.maxLength(100)),
  TopicArn: z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'an SNS topic ARN')),
  Message: z.string().check(z.maxLength(256 * 1024)),
  Timestamp: z.string().check(z.minLength(1), z.maxLength(64)),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().check(z.minLength(1), z.maxLength(2048)),
  SigningCertURL: z.string().check(z.maxLength(2048)),
  Subject: z.nullish(z.string().check(z.maxLength(100))),
  SubscribeURL: z.optional(z.string().check(z.maxLength(2048))),
  Token: z.optional(z.string().check(z.maxLength(2048))),
});
export type SnsEnvelope = z.output<typeof SnsEnvelope>;

/** Fetches a PEM certificate (AWS: over HTTPS from the SNS host; tests: their own). */
export type CertificateFetcher = (url: string) => Promise<string>;
/** Visits a subscription's SubscribeURL, which confirms it. */
export type SubscriptionConfirmer = (url: string) => Promise<void>;

/** The certificate URL SNS uses, as sns-payload-validator and AWS's own SDKs accept it. */
const CERTIFICATE_URL =
  /^https:\/\/sns\.[a-z0-9-]{3,}\.amazonaws\.com(\.cn)?\/SimpleNotificationService-[a-zA-Z0-9]{32}\.pem$/;
const SNS_HOST = /^sns\.([a-z0-9-]{3,})\.amazonaws\.com(\.cn)?$/;

export const isSnsCertificateUrl = (url: string): boolean => CERTIFICATE_URL.test(url);

export function readSnsEnvelope(body: unknown): SnsEnvelope {
  return parseInput(SnsEnvelope, body);
}

const FIELDS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

/** Throws AuthenticationError (401) unless SNS signed this message. */
export async function verifySnsSignature(envelope: SnsEnvelope, fetchCertificate: CertificateFetcher): Promise<void> {
  const refuse = (why: string) =>
    new AuthenticationError(`This is not a message signed by Amazon SNS: ${why}`, {
      errors: [{ field: 'Signature', message: why }],
    });
  if (!isSnsCertificateUrl(envelope.SigningCertURL)) throw refuse('SigningCertURL is not an SNS certificate URL');
  let certificate: string;
  try {
    certificate = await fetchCertificate(envelope.SigningCertURL);
  } catch (error) {
    throw new AuthenticationError('The SNS signing certificate could not be fetched', {
      cause: error,
      errors: [{ field: 'SigningCertURL', message: 'not fetched' }],
    });
  }
  const text = FIELDS[envelope.Type]
    .filter((field) => envelope[field] !== undefined && envelope[field] !== null)
    .map((field) => `${field}\n${envelope[field]}\n`)
    .join('');
  let valid = false;
  try {
    valid = createVerify(envelope.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(text, 'utf8')
      .verify(certificate, envelope.Signature, 'base64');
  } catch {
    valid = false;
  }
  if (!valid) throw refuse('the signature does not match');
}

/**
 * The SubscribeURL to visit, if it is one: HTTPS on the SNS host of the topic's own region, so a
 * forged confirmation cannot make Lifeboat fetch anything else.
 */
export function subscribeUrlOf(envelope: SnsEnvelope): string {
  const region = envelope.TopicArn.split(':')[3];
  let url: URL | undefined;
  try {
    url = new URL(envelope.SubscribeURL ?? '');
  } catch {
    url = undefined;
  }
  const host = url && SNS_HOST.exec(url.hostname);
  if (url?.protocol !== 'https:' || url.port !== '' || url.username || !host || host[1] !== region) {
    throw new ValidationError("SubscribeURL is not an HTTPS address of SNS in the topic's region", {
      errors: [{ field: 'SubscribeURL', message: 'not https://sns.<region>.amazonaws.com/…' }],
    });
  }
  return url.toString();
}
