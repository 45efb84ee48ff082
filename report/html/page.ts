/** HTML building blocks for the self-contained report: escaping, tables, the page shell. */

export function escapeHtml(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A table from already-escaped cells (pass text through `escapeHtml`). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, className = ""): string {
  if (rows.length === 0) return `<p class="empty">Nothing to show.</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function figure(svg: string, caption: string): string {
  return `<figure class="chart">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1180px; color: #1d2733; padding: 0 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #dde3ea; padding-bottom: .3rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #dde3ea; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f6f9; }
.level-elite { color: #0b6b2b; font-weight: 600; } .level-high { color: #2a6e2d; } .level-medium { color: #7a5400; } .level-low { color: #a1260d; }
.status-on-track, .status-met { color: #0b6b2b; } .status-off-track, .status-missed { color: #a1260d; font-weight: 600; } .status-not-enough-data { color: #55606c; }
figure.chart { margin: 1rem 0; } figure.chart svg { max-width: 100%; height: auto; } figcaption { font-size: .8rem; color: #55606c; }
.note, .empty { color: #55606c; font-size: .85rem; }
.warning { color: #a1260d; font-size: .85rem; } .fix { color: #33414e; font-size: .85rem; }
.keys h2 { margin-top: 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 1rem; }
@media (max-width: 900px) { .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.card { border: 1px solid #dde3ea; border-radius: 6px; padding: .8rem 1rem; background: #fbfcfd; }
.card h3 { font-size: .95rem; margin: 0 0 .4rem; }
.card p { margin: .2rem 0; font-size: .85rem; }
.card .big { font-size: 2.2rem; font-weight: 600; margin: .2rem 0; } .card .unit { font-size: 1rem; font-weight: 400; }
.card .change.better { color: #0b6b2b; font-weight: 600; } .card .change.worse { color: #a1260d; font-weight: 600; } .card .change .note { font-weight: 400; }
.card svg { display: block; margin-top: .4rem; max-width: 100%; height: auto; }
.wide { overflow-x: auto; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
