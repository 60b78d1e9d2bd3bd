import type { LifeboatConfig } from '../core/config';
import type { EmailMessage } from '../core/ports';
import { emailFrame } from './email-frame';
import { html } from './html';
import { MESSAGES } from './i18n';
import { shortenToFit, withGsm7Lookalikes } from './sms-segments';

type Locale = keyof typeof MESSAGES;

/** A plain, readable HTML email with one button. */
function emailHtml(
  title: string,
  paragraphs: string[],
  button: { label: string; url: string },
  footer: string,
): string {
  return emailFrame(
    html`<h1 style="font-size:20px;margin:0 0 16px">${title}</h1>
${paragraphs.map((p) => html`<p style="line-height:1.5">${p}</p>`)}
<p style="margin:24px 0"><a href="${button.url}" style="background:#0b5cad;color:#fff;padding:12px 18px;border-radius:6px;text-decoration:none;display:inline-block">${button.label}</a></p>`,
    footer,
  );
}

export function confirmationEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  confirmUrl: string,
): EmailMessage {
  const t = MESSAGES[locale].subscribe;
  const page = config.page.name;
  return {
    to,
    subject: t.confirmEmailSubject(page),
    text: `${t.confirmEmailBody(page)}\n\n${t.confirmButton}${MESSAGES[locale].colon}${confirmUrl}\n\n${t.ignoreIfNotYou}\n`,
    html: emailHtml(
      t.confirmEmailSubject(page),
      [t.confirmEmailBody(page)],
      { label: t.confirmButton, url: confirmUrl },
      t.ignoreIfNotYou,
    ),
    headers: {},
  };
}

/** RFC 8058: the headers that let a mailbox provider unsubscribe in one click. */
export const oneClickUnsubscribeHeaders = (unsubscribeUrl: string): Record<string, string> => ({
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

export function alreadySubscribedEmail(
  config: LifeboatConfig,
  locale: Locale,
  to: string,
  links: { manage: string; unsubscribe: string },
): EmailMessage {
  const manageUrl = links.manage;
  const t = MESSAGES[locale].subscribe;
  const page = config.page.name;
  return {
    to,
    subject: t.alreadySubscribedSubject(page),
    text: `${t.alreadySubscribedBody(page)}\n${manageUrl}\n\n${t.ignoreIfNotYou}\n`,
    html: emailHtml(
      t.alreadySubscribedSubject(page),
      [t.alreadySubscribedBody(page)],
      { label: t.manageButton, url: manageUrl },
      t.ignoreIfNotYou,
    ),
    headers: oneClickUnsubscribeHeaders(links.unsubscribe),
  };
}

/** The verification code SMS, in one segment: a long page name gives way, the code and opt-out never do. */
export const smsCodeText = (config: LifeboatConfig, locale: Locale, code: string): string =>
  shortenToFit(withGsm7Lookalikes(config.page.name), (page) => MESSAGES[locale].subscribe.smsCode(page, code));
