import { BANNER_SCRIPT_PATH } from '../banner-script';
import type { EmbedPageMessages } from '../embed-messages';
import { html } from '../html';
import type { SiteState } from '../site-state';
import { layout, type PageContext } from './layout';

/** /embed/: how to show this page's status in another site, with the ids data-components takes. */
export function embedPage(ctx: PageContext, m: EmbedPageMessages, state: SiteState): string {
  const { config } = ctx;
  const url = config.page.url.replace(/\/+$/, '');
  const ids = state.components.map((c) => c.id);
  const example = ids.slice(0, 2).join(',');
  const snippet = `<script src="${url}${BANNER_SCRIPT_PATH}"${example ? ` data-components="${example}"` : ''} async></script>`;
  const groups = config.groups.filter((g) => state.components.some((c) => c.groupId === g.id));
  const body = html`<h2>${m.title}</h2>
<p>${m.intro}</p>
<section aria-labelledby="embed-banner"><h3 id="embed-banner">${m.bannerHeading}</h3>
<p>${m.bannerIntro}</p>
<pre class="card"><code>${snippet}</code></pre>
<p>${m.bannerComponents}</p>
<p class="meta">${m.bannerBehaviour}</p></section>
<section aria-labelledby="embed-ids"><h3 id="embed-ids">${m.componentsHeading}</h3>
<table class="ids"><thead><tr><th scope="col">${m.component}</th><th scope="col">${m.id}</th></tr></thead><tbody>
${groups.map((g) => html`<tr><td>${g.name}</td><td><code>${g.id}</code></td></tr>`)}
${state.components.map((c) => html`<tr><td>${c.name}</td><td><code>${c.id}</code></td></tr>`)}
</tbody></table></section>
<section aria-labelledby="embed-api"><h3 id="embed-api">${m.apiHeading}</h3>
<p>${m.apiIntro}</p>
<pre class="card"><code>fetch('${url}/api/v2/summary.json').then((r) =&gt; r.json())</code></pre></section>`;
  return layout(ctx, { title: `${m.title} · ${config.page.name}`, body });
}
