/**
 * The page's only stylesheet, inlined: no request to make, nothing from a third party.
 * Status colours are always paired with text, and meet contrast in light and dark.
 */
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d2330;--muted:#5b6474;--line:#e3e6eb;--card:#f7f8fa;
--ok:#1a7f37;--warn:#9a6700;--partial:#bc4c00;--bad:#cf222e;--maint:#0969da;--none:#8c959f;--link:#0b5cad}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--card:#161b22;
--ok:#3fb950;--warn:#d29922;--partial:#f0883e;--bad:#f85149;--maint:#58a6ff;--none:#6e7681;--link:#79c0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px 8px}
.wrap{max-width:52rem;margin:0 auto;padding:1rem}
header.site{display:flex;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:.5rem}
header.site h1{font-size:1.4rem;margin:.5rem 0}
header.site nav a{margin-left:1rem}
.banner{border-radius:8px;padding:1rem 1.25rem;margin:1rem 0;font-weight:600;font-size:1.15rem;color:#fff}
.banner p{margin:0}.banner small{display:block;font-weight:400;font-size:.85rem;opacity:.9}
.i-none{background:var(--ok)}.i-minor{background:var(--warn)}.i-major{background:var(--partial)}.i-critical{background:var(--bad)}.i-maintenance{background:var(--maint)}
@media (prefers-color-scheme:dark){.banner{color:#0d1117}}
h2{font-size:1.1rem;margin:2rem 0 .75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.card>:first-child{margin-top:0}
.incident h2,.incident h3{margin:0 0 .25rem;font-size:1.05rem}.incident h2{font-size:1.2rem}
.meta{color:var(--muted);font-size:.85rem}
ol.timeline{list-style:none;margin:.75rem 0 0;padding:0}
ol.timeline li{border-left:3px solid var(--line);padding:.25rem 0 .75rem .75rem}
ol.timeline .body{white-space:pre-line;margin:.15rem 0}
.group{border:1px solid var(--line);border-radius:8px;margin-bottom:1rem}
.group>h3{margin:0;padding:.75rem 1rem;font-size:1rem;display:flex;justify-content:space-between;border-bottom:1px solid var(--line)}
.component{padding:.75rem 1rem;border-bottom:1px solid var(--line)}.component:last-child{border-bottom:0}
.component .row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.component .name{font-weight:600}.component .desc{color:var(--muted);font-size:.85rem}
.status{font-weight:600;white-space:nowrap}
.status::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.4em;background:currentColor;vertical-align:baseline}
.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--warn)}.s-partial_outage{color:var(--partial)}.s-major_outage{color:var(--bad)}.s-under_maintenance{color:var(--maint)}.s-resolved,.s-postmortem{color:var(--ok)}.s-investigating,.s-identified{color:var(--bad)}.s-monitoring{color:var(--warn)}
svg.bars{display:block;width:100%;height:28px;margin-top:.5rem}
svg.bars rect{fill:var(--ok)}svg.bars .b-no_data{fill:var(--line)}svg.bars .b-under_maintenance{fill:var(--maint)}svg.bars .b-degraded_performance{fill:var(--warn)}svg.bars .b-partial_outage{fill:var(--partial)}svg.bars .b-major_outage{fill:var(--bad)}
svg.lat{display:block;width:100%;height:32px;margin-top:.5rem}svg.lat path{fill:none;stroke:var(--link);stroke-width:1.5;vector-effect:non-scaling-stroke}
.scale{display:flex;justify-content:space-between;color:var(--muted);font-size:.75rem}
.day h3{font-size:.95rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;margin:1rem 0 .25rem}
.day p{margin:.25rem 0}.day p.none,p.none{color:var(--muted)}
footer.site{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);margin-top:2rem;padding-top:1rem;display:flex;gap:1rem;flex-wrap:wrap}
input[type=email],input[type=tel],input[inputmode]{font:inherit;padding:.5rem;width:min(100%,22rem);border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:0;background:var(--link);color:var(--bg);cursor:pointer}
fieldset{border:0;padding:0;margin:.5rem 0}fieldset label{display:inline-block;margin:.25rem 1rem .25rem 0}
.outage{text-align:center;padding-top:10vh}.outage h1{font-size:1.8rem}.outage .message{font-size:1.2rem;white-space:pre-line}
.postmortem h3,.postmortem h4{font-size:1rem;margin:1rem 0 .25rem}.postmortem pre{overflow-x:auto}.postmortem table{border-collapse:collapse}.postmortem th,.postmortem td{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid var(--line)}
pre.card{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}table.ids{border-collapse:collapse}table.ids th,table.ids td{text-align:left;padding:.25rem 1rem .25rem 0;border-bottom:1px solid var(--line)}
`.replace(/\n/g, '');
