/**
 * The stylesheet every page links (served at STYLESHEET_PATH, cacheable). Small on
 * purpose: system fonts, one readable column, light and dark from the reader's setting,
 * a visible focus ring, and nothing wider than a 360 px phone (long words and URLs wrap,
 * BibTeX scrolls inside its own box).
 */
export const STYLESHEET = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--muted:#5b5b66;--line:#d8d8de;--accent:#0b57d0;--mark:#ffe58a;--panel:#f4f5f8}
@media (prefers-color-scheme:dark){:root{--bg:#121316;--fg:#e6e6ea;--muted:#a4a4b0;--line:#34353c;--accent:#8ab4ff;--mark:#6b5400;--panel:#1c1d22}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
main:focus{outline:none}
.skip-link{position:absolute;left:.5rem;top:-3rem;background:var(--bg);padding:.5rem .75rem;z-index:1}
.skip-link:focus{top:.5rem}
.site-header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
.site-name{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)}
.site-header nav ul{align-items:center}
.site-header nav ul,.links,.on-page ul,.team-signals{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
[aria-current=page]{font-weight:700;text-decoration:none}
.sign-out{margin:0}
.search-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;flex:1 1 18rem;max-width:36rem}
.search-form label{font-size:.9rem;color:var(--muted)}
input[type=search]{flex:1 1 6rem;min-width:0;font:inherit;padding:.4rem .6rem;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.4rem .9rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--bg);cursor:pointer}
.sign-out button{background:none;color:var(--accent);padding:0 .5rem;font-size:.9rem}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;line-height:1.3;margin:1.75rem 0 .5rem}
h3{font-size:1.05rem;line-height:1.35;margin:1rem 0 .25rem}
.papers{padding-left:1.6rem}
.paper{margin:0 0 1.25rem}
.paper h2,.paper h3{margin:0 0 .25rem}
.paper-title{text-decoration:none}
.paper-title:hover{text-decoration:underline}
.why,.authors,.note,.lede,.facts,.channel-name{color:var(--muted);font-size:.92rem;margin:.2rem 0}
.summary,.snippet{margin:.25rem 0}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
.trend-row{display:flex;align-items:flex-end;gap:.5rem;margin-top:.35rem}
.trend{display:block;width:140px;height:36px;border-bottom:1px solid var(--line);fill:var(--accent);stroke:var(--accent)}
.trend-area{fill-opacity:.15;stroke:none}
.trend-line{stroke-width:1.5;stroke-linejoin:round}
.trend-dot{stroke:none}
.facts dt{font-weight:600;float:left;clear:left;margin-right:.5rem}
.facts dd{margin:0}
.examples dt{margin-top:.5rem}
.examples dd{margin:0;color:var(--muted)}
pre{overflow-x:auto;max-width:100%;padding:.75rem;background:var(--panel);border:1px solid var(--line);border-radius:6px;font-size:.85rem;overflow-wrap:normal}
.team-panel,.digest{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem .75rem;margin:1rem 0}
.digest-papers{padding-left:1.4rem;margin:.25rem 0}
.pages{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
.pages [rel=next]{margin-left:auto}
.empty,.detail{padding:.75rem 1rem;border-left:4px solid var(--line);background:var(--panel)}
.gone{color:var(--muted)}
`;
