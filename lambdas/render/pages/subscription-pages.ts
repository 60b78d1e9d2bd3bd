import type { Component } from '../../core/component';
import type { Subscriber } from '../../core/subscriber';
import { ROUTES, routeUrl } from '../../routes';
import { html } from '../html';
import { layout, type PageContext } from './layout';

/**
 * The pages of subscribing, confirming, managing and leaving. The API serves them in answer to
 * plain HTML forms, so every step works with JavaScript off.
 */
export type SubscriptionPage =
  | { kind: 'check-inbox' }
  | { kind: 'webhook-sent' }
  | { kind: 'enter-code'; token: string; wrongCode?: boolean }
  | { kind: 'confirm-subscription'; token: string }
  | { kind: 'confirmed'; manageUrl: string }
  | { kind: 'manage'; subscriber: Subscriber; components: Component[]; token: string; saved?: boolean }
  | { kind: 'confirm-unsubscribe'; token: string }
  | { kind: 'unsubscribed' }
  | { kind: 'error'; reason: 'invalid-link' | 'expired-link' | 'too-many' | 'bad-input'; details?: string[] };

export function subscriptionPage(ctx: PageContext, page: SubscriptionPage, apiBase: string): string {
  const t = ctx.t.subscribe;
  const name = ctx.config.page.name;
  const back = html`<p><a href="${ctx.site ?? ''}/">← ${ctx.t.backToStatus}</a></p>`;
  const view = ((): { title: string; body: ReturnType<typeof html> } => {
    switch (page.kind) {
      case 'check-inbox':
        return { title: t.checkInboxTitle, body: html`<p>${t.checkInbox}</p>${back}` };
      case 'webhook-sent':
        return { title: t.checkInboxTitle, body: html`<p>${t.webhookSent}</p>${back}` };
      case 'enter-code':
        return {
          title: t.enterCodeTitle,
          body: html`${page.wrongCode ? html`<p role="alert"><strong>${t.wrongCode}</strong></p>` : html`<p>${t.enterCode}</p>`}
<form method="post" action="${routeUrl(ROUTES.verifySubscription, { base: apiBase })}">
<input type="hidden" name="token" value="${page.token}">
<p><label for="code">${t.codeLabel}</label><br><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required></p>
<p><button type="submit">${t.verify}</button></p></form>`,
        };
      case 'confirm-subscription':
        return {
          title: t.confirmTitle,
          body: html`<p>${t.confirmQuestion(name)}</p>
<form method="post" action="${routeUrl(ROUTES.confirmSubscription, { base: apiBase, query: { token: page.token } })}">
<p><button type="submit">${t.confirmButton}</button></p></form>${back}`,
        };
      case 'confirmed':
        return {
          title: t.confirmedTitle,
          body: html`<p>${t.confirmed(name)}</p><p><a href="${page.manageUrl}">${t.manageButton}</a></p>${back}`,
        };
      case 'manage': {
        const chosen = page.subscriber.components;
        return {
          title: t.manageTitle,
          body: html`${page.saved ? html`<p role="status"><strong>${t.saved}</strong></p>` : ''}
<p>${page.subscriber.address}</p>
<form method="post" action="${routeUrl(ROUTES.changeSubscription, { base: apiBase })}">
<input type="hidden" name="token" value="${page.token}">
<fieldset><legend>${t.componentsLegend}</legend><p>${t.allComponents}</p>
${page.components.map(
  (c) =>
    html`<p><label><input type="checkbox" name="components" value="${c.id}"${chosen?.includes(c.id) ? html` checked` : ''}> ${c.name}</label></p>`,
)}</fieldset>
<p><button type="submit" name="action" value="save">${t.save}</button>
<button type="submit" name="action" value="unsubscribe">${t.unsubscribe}</button></p></form>${back}`,
        };
      }
      case 'confirm-unsubscribe':
        return {
          title: t.unsubscribe,
          body: html`<p>${t.unsubscribeQuestion}</p>
<form method="post" action="${routeUrl(ROUTES.unsubscribe, { base: apiBase, query: { token: page.token } })}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<p><button type="submit">${t.unsubscribe}</button></p></form>${back}`,
        };
      case 'unsubscribed':
        return { title: t.unsubscribedTitle, body: html`<p>${t.unsubscribed(name)}</p>${back}` };
      case 'error': {
        const [title, text] = {
          'invalid-link': [t.invalidLinkTitle, t.invalidLink],
          'expired-link': [t.expiredLinkTitle, t.expiredLink],
          'too-many': [t.tooManyTitle, t.tooMany],
          'bad-input': [t.badInputTitle, ''],
        }[page.reason];
        return {
          title: title!,
          body: html`${text ? html`<p>${text}</p>` : ''}${page.details?.length ? html`<ul>${page.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}${back}`,
        };
      }
    }
  })();
  return layout(ctx, {
    title: `${view.title} · ${name}`,
    body: html`<h2>${view.title}</h2>${view.body}`,
    noindex: true,
  });
}
