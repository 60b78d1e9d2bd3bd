import type { Component } from '../../core/component';
import { isOpen } from '../../core/incident';
import { isActiveMaintenance } from '../../core/maintenance';
import { ROUTES, routeUrl } from '../../routes';
import { html } from '../html';
import type { SiteState } from '../site-state';
import { addDays, date, dateTime, dayKey } from '../time';
import type { UptimeCalculator } from '../uptime';
import { componentRow, incidentCard } from './fragments';
import { layout, type PageContext } from './layout';
import { maintenanceCard } from './maintenance-card';

const RECENT_DAYS = 7;

/** The status page: banner, active incidents, components with uptime, the last week. */
export function indexPage(ctx: PageContext, state: SiteState, uptime: UptimeCalculator, updatedAt: string): string {
  const { t, clock, config } = ctx;
  const open = state.incidents.filter(isOpen);
  const bySchedule = (a: { scheduledFor: string }, b: { scheduledFor: string }) =>
    a.scheduledFor.localeCompare(b.scheduledFor);
  const activeMaintenances = (state.maintenances ?? []).filter(isActiveMaintenance).sort(bySchedule);
  const upcoming = (state.maintenances ?? []).filter((m) => m.status === 'scheduled').sort(bySchedule);
  const maintenanceOnly = state.status.indicator === 'none' && state.status.description === t.maintenance;
  const bannerClass = maintenanceOnly ? 'maintenance' : state.status.indicator;
  const headline = maintenanceOnly ? t.maintenance : t.indicator[state.status.indicator];

  const visible = state.components.filter(
    (c) => !(config.components.find((k) => k.id === c.id)?.onlyShowIfDegraded && c.status === 'operational'),
  );
  const row = (c: Component) =>
    componentRow(
      ctx,
      c,
      uptime.forComponent(c.id, config.components.find((k) => k.id === c.id)?.startDate ?? c.createdAt.slice(0, 10)),
      state.probes?.[c.id],
    );
  const sections: { name: string | null; members: Component[] }[] = [];
  for (const c of visible) {
    const name = c.groupId ? (config.groups.find((g) => g.id === c.groupId)?.name ?? null) : null;
    const last = sections.at(-1);
    if (last && last.name === name && name !== null) last.members.push(c);
    else sections.push({ name, members: [c] });
  }

  const today = dayKey(state.now, clock.timeZone);
  const days = Array.from({ length: RECENT_DAYS }, (_, i) => addDays(today, -i));
  const pastByDay = days.map((day) => ({
    day,
    incidents: state.incidents.filter((i) => !isOpen(i) && dayKey(i.startedAt, clock.timeZone) === day),
  }));

  const body = html`
<section class="banner i-${bannerClass}" role="status" aria-live="polite"><p>${headline}
<small>${t.lastUpdated}${t.colon}<time datetime="${updatedAt}">${dateTime(updatedAt, clock)}</time></small></p></section>
${open.length ? html`<section aria-labelledby="active"><h2 id="active">${t.activeIncidents}</h2>${open.map((i) => incidentCard(ctx, i, state.components))}</section>` : ''}
${activeMaintenances.length ? html`<section aria-labelledby="maintenance-active"><h2 id="maintenance-active">${t.maintenances.active}</h2>${activeMaintenances.map((m) => maintenanceCard(ctx, m, state.components))}</section>` : ''}
${upcoming.length ? html`<section aria-labelledby="maintenance-upcoming"><h2 id="maintenance-upcoming">${t.maintenances.upcoming}</h2>${upcoming.map((m) => maintenanceCard(ctx, m, state.components))}<p><a href="/maintenances.ics">${t.maintenances.calendar}</a></p></section>` : ''}
<section aria-labelledby="components"><h2 id="components">${t.components}</h2>
${sections.map((s) =>
  s.name === null
    ? html`<div class="group">${s.members.map(row)}</div>`
    : html`<div class="group"><h3>${s.name}</h3>${s.members.map(row)}</div>`,
)}
</section>
<section aria-labelledby="past"><h2 id="past">${t.pastIncidents}</h2>
${pastByDay.map(
  ({ day, incidents }) => html`<div class="day"><h3>${date(`${day}T12:00:00Z`, { ...clock, timeZone: 'UTC' })}</h3>
${
  incidents.length
    ? incidents.map(
        (i) =>
          html`<p><a href="/incidents/${i.id}/">${i.name}</a> <span class="meta">${t.incidentStatus[i.status]} · ${i.updates.at(-1)!.body}</span></p>`,
      )
    : html`<p class="none">${t.noIncidentsReported}</p>`
}</div>`,
)}
<p><a href="/history/">${t.history} →</a></p></section>
${state.subscribeUrl ? subscribeForm(ctx, state.subscribeUrl, visible) : ''}`;

  return layout(ctx, { title: `${config.page.name}: ${headline}`, body, description: headline, refresh: true });
}

/** One plain form: an email address, a mobile number, or both, and the components to hear about. */
function subscribeForm(ctx: PageContext, apiBase: string, components: Component[]) {
  const { config } = ctx;
  const t = ctx.t.subscribe;
  const options = config.subscriptions;
  if (!options.email && !options.sms) return '';
  const page = config.page.name;
  return html`<section aria-labelledby="subscribe"><h2 id="subscribe">${t.heading}</h2>
<form class="card subscribe" method="post" action="${routeUrl(ROUTES.subscribe, { base: apiBase })}">
<input type="hidden" name="locale" value="${config.page.locale}">
${
  options.email
    ? html`<p><label for="sub-email">${t.emailLabel}</label><br><input id="sub-email" type="email" name="email" autocomplete="email"></p>
<p class="meta">${t.emailConsent(page)}</p>`
    : ''
}
${
  options.sms
    ? html`<p><label for="sub-phone">${t.phoneLabel}</label><br><input id="sub-phone" type="tel" name="phone" autocomplete="tel" aria-describedby="sub-phone-hint"><br><span id="sub-phone-hint" class="meta">${t.phoneHint}</span></p>
<p class="meta">${t.smsConsent(page, options.termsUrl ?? null, options.privacyUrl ?? null)}</p>`
    : ''
}
<details><summary>${t.componentsLegend}</summary><fieldset><legend>${t.allComponents}</legend>
${components.map((c) => html`<label><input type="checkbox" name="components" value="${c.id}"> ${c.name}</label> `)}</fieldset></details>
<p><button type="submit">${t.submit}</button></p>
</form></section>`;
}
