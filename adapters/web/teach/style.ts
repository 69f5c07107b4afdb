// The staff pages' one style sheet, served from /teach and cached under a name that changes with its content.
import { createHash } from 'node:crypto';

const bars = Array.from({ length: 11 }, (_, i) => `.b${i}{background:linear-gradient(90deg,var(--bar) ${i * 10}%,var(--track) 0)}`).join('');

export const TEACH_CSS = `:root{color-scheme:light;--ink:#1d232a;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#b42318;--warn:#9a6700;--bar:#4c5561;--track:#eaeef2;--focus:#e59500}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem;z-index:2}
.top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f6f8fa}
.top nav a{font-weight:600;text-decoration:none}.top form{display:inline}
main{max-width:80rem;margin:0 auto;padding:.5rem 1rem 3rem}
h1{font-size:1.6rem;margin:.75rem 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.vh,.grid td i{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.muted{color:var(--muted)}
code,kbd{font:0.95em ui-monospace,Menlo,Consolas,monospace;background:#f0f2f4;padding:0 .25em;border-radius:3px}
table{border-collapse:collapse;margin:.25rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{padding:.3rem .55rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:#f6f8fa}
.scroll{overflow-x:auto;max-width:100%}
.grid td{text-align:center;vertical-align:middle;min-width:3.4rem}
.grid th[scope=row]{position:sticky;left:0;background:#fff;max-width:15rem;overflow-wrap:anywhere}
.grid td.yes{background:var(--ok-bg);color:var(--ok);font-weight:700}
.grid td.none{color:var(--muted)}
.bar{display:inline-block;width:2.6rem;height:.75rem;border:1px solid var(--bar);border-radius:2px;vertical-align:middle}
${bars}
.yes-text{color:var(--ok);font-weight:700}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.75rem}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
.cards .n{font-size:1.5rem;font-weight:700;margin-right:.25rem}
.alerts{list-style:none;padding:0}
.alerts li{border-left:5px solid var(--warn);background:#fff8e1;padding:.4rem .8rem;margin:.5rem 0}
.alerts li.stuck{border-color:var(--bad);background:#ffebe9}
.tag{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;margin-right:.4rem}
.notice{border:1px solid var(--ok);background:var(--ok-bg);padding:.5rem .8rem;border-radius:6px}
.notice.error{border-color:var(--bad);background:#ffebe9}
.forms{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem;align-items:start}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem .9rem;margin:0}
legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:600;margin:.5rem 0 .15rem}
label.choice{display:inline-block;font-weight:400;margin-right:1rem}
input,select,button{font:inherit}
input[type=text],input[type=number],select{width:100%;padding:.35rem;border:1px solid var(--muted);border-radius:4px}
button{margin-top:.6rem;padding:.4rem 1rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
button.quiet{background:#fff;color:var(--accent);margin:0}
.revert{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end}.revert label{margin:0}.revert input{width:12rem}
.timeline{list-style:none;padding:0}
.timeline>li{border-top:1px solid var(--line);padding:.5rem 0}
.said{font-weight:600;white-space:pre-wrap;overflow-wrap:anywhere}
.reply{margin:.3rem 0 .3rem 1rem;white-space:pre-wrap;overflow-wrap:anywhere}
.why{margin:.1rem 0 .3rem 1rem;color:var(--muted)}
svg.dots{vertical-align:middle}
svg.line{vertical-align:middle}.line polyline{fill:none;stroke:var(--accent,#1d4ed8);stroke-width:2}.line .threshold{stroke:var(--line);stroke-dasharray:3 3}
.dots .right{fill:var(--ok)}.dots .hinted{fill:#fff;stroke:var(--ok);stroke-width:2}.dots .partial{fill:var(--warn)}.dots .wrong{stroke:var(--bad);stroke-width:2.5;fill:none}.dots .other{fill:var(--muted)}.dots .day{stroke:var(--line)}
.legend{font-size:.9rem;color:var(--muted)}
.pager{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
.exports{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
@media (max-width:40rem){main{padding:.5rem .6rem 2rem}th,td{padding:.25rem .35rem}}
`;

/** The sheet's address: a new one whenever it changes, so browsers may keep it for a year. */
export const TEACH_CSS_PATH = `/teach/teach.css?v=${createHash('sha256').update(TEACH_CSS).digest('hex').slice(0, 10)}`;
