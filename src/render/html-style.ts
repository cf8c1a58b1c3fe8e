/**
 * The HTML report's one stylesheet (allowed by its hash in the CSP). System fonts only: the page
 * loads nothing. Colour always comes with a word or a mark (✔ ✘ ? !), so it is never the only
 * signal. The print rules open every domain, keep a domain on one page where it fits and repeat
 * table headers on each page.
 */
export const PAGE_STYLE = `
:root { --ok: #1a7f37; --bad: #c62828; --unknown: #8a6d00; --warn: #b35900; --line: #d0d7de; --muted: #57606a; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
h4 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; }
p, ul, ol { margin: 0.4rem 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.lead { font-size: 1.05rem; }
.alert { border: 2px solid var(--bad); padding: 0.5rem 0.8rem; border-radius: 6px; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .unknown { color: var(--unknown); } .warn { color: var(--warn); }
.answers { list-style: none; padding: 0; }
.answer { margin: 0 0 1rem; }
.answer .sentence { margin: 0 0 0.3rem; }
.bar { display: block; width: 100%; height: 1.1rem; border: 1px solid var(--line); border-radius: 3px; }
.bar .delivered { fill: var(--ok); } .bar .not-delivered { fill: var(--bad); } .bar .undetermined { fill: #d4a72c; }
.legend { font-size: 0.9rem; margin: 0.2rem 0 0; display: flex; flex-wrap: wrap; gap: 0 1rem; }
.legend span { white-space: nowrap; }
.answer h3 .muted { font-weight: normal; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.45rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--bg-soft); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.domains tbody.domain > tr.row > th { overflow-wrap: anywhere; min-width: 9rem; }
.domains tr.more > td { border-bottom: 2px solid var(--line); padding-top: 0; }
details > summary { cursor: pointer; color: #0550ae; }
details[open] > summary { margin-bottom: 0.4rem; }
details ul { margin: 0.2rem 0 0.6rem 1rem; padding: 0; list-style: disc; }
details li { overflow-wrap: anywhere; }
h5 { font-size: 0.9rem; margin: 0.5rem 0 0.2rem; }
.host { border-left: 3px solid var(--line); padding-left: 0.7rem; margin: 0.6rem 0; }
.controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: end; margin: 0.6rem 0; padding: 0.6rem; background: var(--bg-soft); border-radius: 6px; }
.controls label { display: flex; flex-direction: column; font-size: 0.85rem; }
.controls input, .controls select { font: inherit; padding: 0.2rem 0.3rem; max-width: 100%; }
.at-risk li { margin: 0.15rem 0; }
dl.made { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.made dt { font-weight: 600; } dl.made dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { padding: 0.6rem; font-size: 14px; }
  .domains thead { display: none; }
  .domains tr.row { display: grid; grid-template-columns: 1fr 1fr; }
  .domains tr.row > * { border: 0; padding: 0.15rem 0.3rem; }
  .domains tr.row > th, .domains tr.row > td:nth-child(2) { grid-column: 1 / -1; }
  .controls label { width: 100%; }
  .domains tr.row > td:nth-child(3)::before { content: "recipients: "; color: var(--muted); }
  .domains.traffic tr.row > td:nth-child(4)::before { content: "messages: "; color: var(--muted); }
  .domains tr.row > td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
  .domains tr.more > td { display: block; }
  dl.made { grid-template-columns: 1fr; }
}
@media print {
  body { max-width: none; font-size: 10pt; padding: 0; }
  .controls, .no-print { display: none !important; }
  details > summary { color: inherit; }
  details::details-content { content-visibility: visible; display: contents; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tbody.domain, .answer, .host, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
