// The page's style sheet: light and dark colours, the overview table, the timeline, the
// app sections, and print (every section on paper, no picker).
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#5a6470;--line:#d6dbe1;--soft:#f4f6f8;--ok:#116329;--ok-bg:#dafbe1;--warn:#7d4e00;--warn-bg:#fff3c4;--bad:#a40e26;--bad-bg:#ffebe9;--run:#0550ae;--run-bg:#ddf4ff;--band0:#8fb8e8;--band1:#b7d3f2;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9aa5b1;--line:#30363d;--soft:#161b22;--ok:#56d364;--ok-bg:#12361d;--warn:#e3b341;--warn-bg:#3b2e0a;--bad:#ff7b72;--bad-bg:#4a1416;--run:#79c0ff;--run-bg:#0c2d4f;--band0:#1f6feb;--band1:#388bfd;--link:#79c0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:1400px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.02rem;margin:20px 0 6px}
h4{font-size:.98rem;margin:12px 0 4px}
h5{font-size:.92rem;margin:8px 0 2px}
a{color:var(--link)}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0}
.muted,.meta,.detail{color:var(--muted)}
.detail{font-size:.85rem}
table{border-collapse:collapse;width:100%}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:0 0 6px}
th,td{text-align:left;vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-bottom:2px solid var(--line)}
tbody th{font-weight:600}
tr.row{border-left:4px solid transparent}
tr.h-failed,tr.h-error{border-left-color:var(--bad);background:var(--bad-bg)}
tr.h-running{border-left-color:var(--run)}
tr.h-behind{border-left-color:var(--warn)}
tr.h-current{border-left-color:var(--ok)}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:1px 7px;border-radius:10px;white-space:nowrap}
.b-failed,.b-error{color:var(--bad);background:var(--bad-bg);border:1px solid var(--bad)}
.b-running{color:var(--run);background:var(--run-bg);border:1px solid var(--run)}
.b-behind{color:var(--warn);background:var(--warn-bg)}
.b-unknown{color:var(--muted);background:var(--soft)}
.b-current{color:var(--ok);background:var(--ok-bg)}
.attention .detail{margin-top:2px}
.version{font-size:1.05rem}
.ok-text{color:var(--ok)}
.warn-text{color:var(--bad)}
code.url,code.cmd{word-break:break-all}
code.url{font-size:12px}
time{white-space:nowrap}
td.c-running{min-width:8em;max-width:18em;overflow-wrap:anywhere}
td.c-source{min-width:12em;max-width:16em}
td.c-deploy{min-width:15em;max-width:26em}
td.c-behind{min-width:8em}
.table-wrap{overflow-x:auto}
svg.timeline{display:block}
.timeline line{stroke:var(--line);stroke-width:2}
.timeline .band-0 rect{fill:var(--band0)}.timeline .band-1 rect{fill:var(--band1)}
.timeline text{font:10px ui-monospace,monospace;fill:var(--fg)}
.timeline .mark-failed circle{fill:var(--bad)}.timeline .mark-running circle{fill:var(--run)}
.timeline .mark text{fill:#fff;font-weight:700}
.app{margin-top:8px}
article.env{border-left:3px solid var(--line);padding:0 0 0 12px;margin:10px 0}
article.env.h-failed,article.env.h-error{border-left-color:var(--bad)}
article.env.h-behind{border-left-color:var(--warn)}
article.env.h-current{border-left-color:var(--ok)}
.kind{margin:6px 0 2px;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.kind-breaking{color:var(--bad)}
ul.changes,ul.releases{margin:2px 0 8px;padding-left:20px}
ul.changes li{margin:2px 0}
.sha{margin-right:4px}
.tag{font-size:.75rem;padding:0 6px;border-radius:8px;background:var(--soft);border:1px solid var(--line)}
.tag-breaking{color:var(--bad);border-color:var(--bad)}
details{margin:4px 0}
summary{cursor:pointer}
details.pair{border:1px solid var(--line);border-radius:6px;padding:6px 10px}
form.picker{margin:6px 0 10px}
select{font:inherit;padding:2px 4px}
footer{padding:24px 20px;font-size:.8rem;color:var(--muted)}
@media print{
  :root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#999;--soft:#fff;--ok:#116329;--ok-bg:#fff;--warn:#7d4e00;--warn-bg:#fff;--bad:#a40e26;--bad-bg:#fff;--run:#0550ae;--run-bg:#fff;--band0:#aaa;--band1:#ddd;--link:#000}
  body{font-size:10pt}
  header,main,footer{max-width:none;padding:0}
  form.picker,#live{display:none}
  .table-wrap{overflow:visible}
  td.c-running,td.c-source,td.c-deploy,td.c-behind{min-width:0;max-width:none}
  th,td{padding:4px}
  code{word-break:break-all}
  svg.timeline{width:130px;height:auto}
  tr.row{break-inside:avoid}
  section.app{break-before:page}
  details.pair[hidden]{display:block}
  a{text-decoration:none}
}
`;
