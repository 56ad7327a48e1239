/** The landing page's inline style sheet: readable CJK typography, light and dark, no web fonts. */

// Latin faces first so Latin text keeps its shapes; the CJK faces cover every Chinese glyph. No web fonts:
// the page makes no requests beyond itself.
const SANS = [
  "system-ui",
  "-apple-system",
  '"Segoe UI"',
  "Roboto",
  '"Noto Sans"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"WenQuanYi Micro Hei"',
  "sans-serif"
].join(", ")

export const SITE_CSS = `
:root{color-scheme:light dark;--bg:#fbfbfa;--fg:#1d1f23;--muted:#5b6270;--line:#e3e5e8;--card:#fff;
--accent:#1b5fc1;--accent-bg:#e8f0fc;--code:#136c3a;--code-bg:#e6f4ea;--radius:10px}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e6e8eb;--muted:#a0a7b4;--line:#2c3036;
--card:#1c1f23;--accent:#8ab4f8;--accent-bg:#1f2a3b;--code:#81c995;--code-bg:#1d3124}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font-family:${SANS};font-size:16px;line-height:1.7;
overflow-wrap:anywhere}
a{color:var(--accent);text-underline-offset:.18em}
a:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:4px}
.skip{position:absolute;left:-999px;top:0}
.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem 1rem;z-index:1}
.wrap{max-width:60rem;margin:0 auto;padding:0 1.25rem}
header.site{border-bottom:1px solid var(--line);background:var(--card);padding:2rem 0 1.5rem}
header.site h1{margin:0 0 .35rem;font-size:clamp(1.5rem,4vw,2.1rem);line-height:1.3;letter-spacing:.01em}
.lede{margin:0;color:var(--muted);max-width:46rem}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:.9rem 0 0;padding:0;list-style:none;
color:var(--muted);font-size:.92rem}
.facts strong{color:var(--fg)}
section{margin:2.25rem 0}
h2{font-size:1.3rem;margin:0 0 .9rem;line-height:1.35}
h3{font-size:1.05rem;margin:1.75rem 0 .75rem;color:var(--muted);font-weight:600;
border-bottom:1px solid var(--line);padding-bottom:.3rem}
.feeds{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);
border-radius:var(--radius);overflow:hidden}
.feeds th,.feeds td{text-align:left;padding:.55rem .9rem;border-top:1px solid var(--line);vertical-align:top}
.feeds thead th{border-top:0;font-size:.85rem;color:var(--muted);font-weight:600}
.feeds td a{margin-right:.9rem;white-space:nowrap}
.files{margin:1rem 0 0;padding:0;list-style:none;display:grid;gap:.55rem}
.files li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .8rem}
.files a{display:inline-block;padding:.3rem .85rem;border-radius:999px;background:var(--accent-bg);
text-decoration:none;font-weight:600;max-width:100%;overflow-wrap:anywhere}
.files a:hover{text-decoration:underline}
.files span{color:var(--muted);font-size:.92rem}
.hint{color:var(--muted);font-size:.9rem;margin:.75rem 0 0}
.papers{list-style:none;margin:0;padding:0;display:grid;gap:.9rem}
.paper{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem 1.15rem}
.paper h3,.paper h4{margin:0;font-size:1.08rem;line-height:1.5;font-weight:650;color:inherit;border:0;padding:0}
.paper .en{margin:.2rem 0 0;color:var(--muted);font-size:.95rem;line-height:1.5}
.meta{margin:.5rem 0 0;font-size:.9rem;color:var(--muted)}
.meta .cat{display:inline-block;font-size:.8rem;padding:0 .45rem;border:1px solid var(--line);
border-radius:4px;margin-right:.4rem;font-family:ui-monospace,"SFMono-Regular",Menlo,monospace}
.links{display:flex;flex-wrap:wrap;gap:.4rem .9rem;margin:.55rem 0 0;padding:0;list-style:none;font-size:.92rem}
.links .code a{color:var(--code);background:var(--code-bg);padding:.05rem .5rem;border-radius:4px;
text-decoration:none}
.links .code a:hover{text-decoration:underline}
details{margin:.55rem 0 0}
summary{cursor:pointer;color:var(--muted);font-size:.9rem}
details p{margin:.4rem 0 0;font-size:.95rem}
.empty{color:var(--muted)}
footer.site{border-top:1px solid var(--line);margin-top:3rem;padding:1.25rem 0 2rem;color:var(--muted);
font-size:.88rem}
header.site.compact{padding:1rem 0 1rem}
header.site.compact h1{font-size:clamp(1.25rem,3.5vw,1.6rem);margin:.25rem 0 0}
.home{margin:0;font-size:.92rem;color:var(--muted)}
h3 a{color:inherit}
nav.days{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;margin:1.25rem 0;
font-size:.95rem}
nav.days [aria-disabled]{color:var(--muted)}
.month{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.4rem .6rem}
.month a{display:inline-block;padding:.15rem .6rem;border:1px solid var(--line);border-radius:6px;
background:var(--card);text-decoration:none;font-variant-numeric:tabular-nums}
.month .count{color:var(--muted);font-size:.85em}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1.25rem 0}
.search label{flex-basis:100%;color:var(--muted);font-size:.92rem}
.search input{flex:1 1 12rem;min-width:0;font:inherit;padding:.45rem .7rem;border:1px solid var(--muted);
border-radius:6px;background:var(--card);color:var(--fg)}
button{font:inherit;padding:.45rem 1rem;border:0;border-radius:6px;background:var(--accent);color:var(--bg);
cursor:pointer}
.hit a{font-weight:650}
.hit p{margin:.35rem 0 0;font-size:.92rem;color:var(--muted)}
mark{background:var(--accent-bg);color:var(--fg);padding:0 .1em}
math{font-size:1.1em}
math[display=block]{overflow-x:auto;max-width:100%;margin:.4rem 0}
.bib pre{margin:.4rem 0 0;padding:.6rem .75rem;background:var(--bg);border:1px solid var(--line);
border-radius:6px;font-size:.8rem;line-height:1.45;white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:40rem){body{font-size:15px}.wrap{padding:0 .9rem}.feeds th,.feeds td{padding:.5rem .6rem}
.feeds td a{margin-right:.6rem}.paper{padding:.85rem .9rem}}
@media print{header.site,.paper,.files a{background:none}}
`.trim()
