import { EMBED_MESSAGES } from './embed-messages';
import type { Locale } from './i18n';

/** Where the banner script is served, from the status page's own origin. */
export const BANNER_SCRIPT_PATH = '/embed/banner.js';

/**
 * /embed/banner.js: the in-app status banner a customer adds to their own web app with one tag,
 *
 *   <script src="https://status.example.com/embed/banner.js" data-components="api,db" async></script>
 *
 * While an open incident (or an in-progress maintenance) affects one of the chosen components, or
 * any incident when none are chosen, or one that names no component, it shows a small banner
 * (role="status") linking to the incident's page; nothing when all is well. It reads
 * /api/v2/summary.json from the origin it was loaded from, every `data-interval` seconds (60 by
 * default, 1 at least) while the tab is visible, backing off exponentially on errors.
 *
 * It must never break the host page: plain ES2017 with no dependency, one global
 * (`window.LifeboatBanner`: `refresh()`, `destroy()`), styles inside a shadow root (constructed
 * stylesheets, so a host CSP without 'unsafe-inline' styles does not block them), user text set
 * as text only, every error caught. A dismissal is remembered per incident for the browser
 * session. It speaks the host page's language (`<html lang>`, or `data-locale`) when that is
 * English or French, else the status page's own.
 */
export function bannerScript(pageLocale: Locale): string {
  const messages = Object.fromEntries(Object.entries(EMBED_MESSAGES).map(([locale, m]) => [locale, m.banner]));
  return SOURCE.replace('__MESSAGES__', () => JSON.stringify(messages)).replace('__LOCALE__', () =>
    JSON.stringify(pageLocale),
  );
}

const SOURCE = `(function () {
'use strict';
var T = __MESSAGES__, PAGE_LOCALE = __LOCALE__;
var RANK = { critical: 4, major: 3, minor: 2, none: 1 };
var KEY = 'lifeboat-banner-dismissed:';
var CSS = ':host{all:initial;display:block}' +
 '.bar{display:flex;align-items:flex-start;gap:.75rem;margin:0;padding:.6rem .9rem;box-sizing:border-box;' +
 'font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#fff1e5;border-left:4px solid #bc4c00}' +
 '.k-critical{background:#ffebe9;border-color:#cf222e}.k-minor{background:#fff8c5;border-color:#9a6700}' +
 '.k-none,.k-maintenance{background:#ddf4ff;border-color:#0969da}' +
 'p{margin:0;flex:1;min-width:0;overflow-wrap:anywhere}strong{font-weight:700}' +
 'a{color:#0b5cad;font-weight:600;text-decoration:underline}' +
 'button{flex:none;font:inherit;font-size:1.25rem;line-height:1;padding:0 .3rem;margin:0;border:0;border-radius:4px;background:none;color:inherit;cursor:pointer}' +
 'a:focus-visible,button:focus-visible{outline:2px solid currentColor;outline-offset:2px}' +
 '@media (prefers-color-scheme:dark){.bar{color:#e6edf3;background:#1c2128}a{color:#79c0ff}}' +
 '@media (prefers-reduced-motion:no-preference){.bar{animation:lb-in .2s ease-out}}' +
 '@keyframes lb-in{from{opacity:0;transform:translateY(-.25rem)}}';

var api = window.LifeboatBanner;
if (!api || !api.instances) {
 api = { instances: [],
  refresh: function () { api.instances.forEach(function (b) { b.refresh(); }); },
  destroy: function () { api.instances.slice().forEach(function (b) { b.destroy(); }); } };
 try { window.LifeboatBanner = api; } catch (e) { return; }
}

function list(value) {
 return (value || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
}
function node(tag, attrs, text) {
 var el = document.createElement(tag);
 for (var name in attrs) el.setAttribute(name, attrs[name]);
 if (text) el.textContent = text;
 return el;
}
var memory = {};
function dismissed(id) {
 try { return window.sessionStorage.getItem(KEY + id) === '1'; } catch (e) { return memory[id] === 1; }
}
function dismiss(id) {
 memory[id] = 1;
 try { window.sessionStorage.setItem(KEY + id, '1'); } catch (e) { /* storage off: remembered for this page */ }
}

function start(script) {
 if (!script || !script.src || !window.fetch || !Element.prototype.attachShadow) return;
 var origin = new URL(script.src, location.href).origin;
 var wanted = list(script.getAttribute('data-components'));
 var every = Math.max(1, Number(script.getAttribute('data-interval')) || 60) * 1000;
 var failures = 0, timer = 0, stopped = false, paused = false, summary = null;

 var host = node('div', { 'data-lifeboat-banner': '' });
 var root = host.attachShadow({ mode: 'open' });
 try {
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
 } catch (e) {
  root.appendChild(node('style', {}, CSS));
 }
 var region = node('div', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', part: 'status' });
 root.appendChild(region);

 function place() {
  if (stopped || host.isConnected) return;
  var target = script.getAttribute('data-target');
  var into = target ? document.querySelector(target) : null;
  if (into) into.insertBefore(host, into.firstChild);
  else if (document.body && script.parentNode && document.body.contains(script)) script.parentNode.insertBefore(host, script);
  else if (document.body) document.body.insertBefore(host, document.body.firstChild);
 }
 if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', guard(place));
 else place();

 function locale() {
  var lang = (script.getAttribute('data-locale') || document.documentElement.lang || '').toLowerCase().slice(0, 2);
  return T[lang] ? lang : PAGE_LOCALE;
 }

 /** Open incidents and in-progress maintenances that touch the chosen components, worst first. */
 function affecting(data) {
  var chosen = {};
  var groups = {};
  (data.components || []).forEach(function (c) { if (c && c.group && c.components) groups[c.id] = c.components; });
  wanted.forEach(function (id) { chosen[id] = 1; (groups[id] || []).forEach(function (m) { chosen[m] = 1; }); });
  var found = [];
  function consider(item, maintenance) {
   if (!item || !item.id || dismissed(item.id)) return;
   var ids = (item.components || []).map(function (c) { return c && c.id; }).filter(Boolean);
   if (wanted.length && ids.length && !ids.some(function (id) { return chosen[id]; })) return;
   var underMaintenance = ids.length > 0 && (item.components || []).every(function (c) { return c.status === 'under_maintenance'; });
   found.push({ item: item, maintenance: maintenance || (item.impact === 'none' && underMaintenance) });
  }
  (data.incidents || []).forEach(function (i) { if (i && i.status !== 'resolved' && i.status !== 'postmortem') consider(i, false); });
  (data.scheduled_maintenances || []).forEach(function (m) { if (m && (m.status === 'in_progress' || m.status === 'verifying')) consider(m, true); });
  return found.sort(function (a, b) {
   return (b.maintenance ? 0 : RANK[b.item.impact] || 1) - (a.maintenance ? 0 : RANK[a.item.impact] || 1);
  });
 }

 function render() {
  var shown = summary ? affecting(summary) : [];
  var first = shown[0];
  var key = first ? JSON.stringify([locale(), shown.length, first.item.id, first.item.updated_at, first.item.name, first.item.status]) : '';
  if (region.getAttribute('data-key') === key) return;
  region.setAttribute('data-key', key);
  region.textContent = '';
  if (!first) return;
  var t = T[locale()], item = first.item;
  var update = (item.incident_updates || [])[0];
  var kind = first.maintenance ? 'maintenance' : (RANK[item.impact] ? item.impact : 'none');
  var bar = node('div', { 'class': 'bar k-' + kind, part: 'banner', lang: locale(), 'data-incident': item.id });
  var text = node('p');
  text.appendChild(node('strong', {}, (first.maintenance ? t.maintenance : t.impact[kind]) + ': '));
  text.appendChild(document.createTextNode(String(item.name || '')));
  var body = update && update.body ? String(update.body) : '';
  if (body.length > 200) body = body.slice(0, 199) + '\\u2026';
  var status = t.incidentStatus[(update && update.status) || item.status] || '';
  if (status || body) text.appendChild(document.createTextNode(' \\u2014 ' + status + (status && body ? ': ' : '') + body + ' '));
  else text.appendChild(document.createTextNode(' '));
  text.appendChild(node('a', { href: origin + '/incidents/' + encodeURIComponent(item.id) + '/', target: '_blank', rel: 'noopener' }, t.details));
  if (shown.length > 1) {
   text.appendChild(document.createTextNode(' \\u00b7 '));
   text.appendChild(node('a', { href: origin + '/', target: '_blank', rel: 'noopener' }, t.more.replace('{n}', String(shown.length - 1))));
  }
  var close = node('button', { type: 'button', 'aria-label': t.dismiss, title: t.dismiss }, '\\u00d7');
  close.addEventListener('click', guard(function () { dismiss(item.id); render(); }));
  bar.appendChild(text);
  bar.appendChild(close);
  region.appendChild(bar);
 }

 function schedule(ms) {
  clearTimeout(timer);
  if (!stopped) timer = setTimeout(guard(poll), ms);
 }
 function poll() {
  if (stopped) return;
  if (document.visibilityState === 'hidden') { paused = true; return; }
  fetch(origin + '/api/v2/summary.json', { cache: 'no-cache', credentials: 'omit', mode: 'cors' })
   .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
   .then(function (data) { summary = data; failures = 0; render(); })
   .catch(function () { failures++; })
   .then(function () {
    var wait = failures ? Math.min(every * Math.pow(2, failures), Math.max(every, 900000)) * (0.8 + Math.random() * 0.4) : every;
    schedule(wait);
   })
   .catch(function () {});
 }
 var onVisible = guard(function () {
  if (paused && document.visibilityState !== 'hidden') { paused = false; poll(); }
 });
 document.addEventListener('visibilitychange', onVisible);

 var instance = {
  script: script,
  refresh: guard(function () { schedule(0); }),
  destroy: guard(function () {
   stopped = true;
   clearTimeout(timer);
   document.removeEventListener('visibilitychange', onVisible);
   if (host.parentNode) host.parentNode.removeChild(host);
   var at = api.instances.indexOf(instance);
   if (at >= 0) api.instances.splice(at, 1);
  })
 };
 api.instances.push(instance);
 poll();
}

function guard(fn) {
 return function () { try { return fn.apply(this, arguments); } catch (e) { /* never into the host page */ } };
}
guard(start)(document.currentScript);
})();
`;
