/** The book's stylesheet (written to `assets/book.css`). */
export const BOOK_CSS = `:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: var(--accent); }
h1, h2, h3 { line-height: 1.25; }
code, pre { font: 13.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
:not(pre) > code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 0.75rem 1rem; overflow-x: auto; border-radius: 6px; }
table { border-collapse: collapse; margin: 0.75rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
blockquote { margin: 0.75rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--line); }
.pager { display: flex; justify-content: space-between; gap: 1rem; padding: 0.6rem 1.25rem;
  border-bottom: 1px solid var(--line); font-size: 0.95rem; }
.pager + main + .pager, main + .pager { border-top: 1px solid var(--line); border-bottom: 0; }
.cell.code { margin: 1rem 0; }
details.source > summary { cursor: pointer; color: var(--muted); font-size: 0.85rem; }
.outputs { border-left: 3px solid var(--line); padding-left: 0.75rem; margin-top: 0.4rem; }
pre.stream { background: transparent; padding: 0.2rem 0; margin: 0.2rem 0; white-space: pre-wrap; }
pre.stderr { color: var(--muted); font-size: 12px; }
pre.error { color: #b42318; }
.output.html { overflow-x: auto; }
.warning { background: #fff4e5; border: 1px solid #f0b35a; padding: 0.5rem 0.75rem; border-radius: 6px; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
.math-error { color: #b42318; }
.provenance { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
ol.chapters { list-style: none; padding: 0; }
.chapter-entry { border-top: 1px solid var(--line); padding: 0.5rem 0 0.75rem; }
.chapter-entry h2 { font-size: 1.25rem; margin: 0.5rem 0 0.25rem; }
.chapter-entry .summary p { margin: 0.25rem 0; }
.headline { background: var(--code); border-radius: 6px; padding: 0.4rem 0.75rem; margin-top: 0.4rem; }
.headline p { margin: 0; display: inline; }
.headline .label { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
  margin-right: 0.5rem; }
.live-link { background: var(--code); border-radius: 6px; padding: 0.5rem 0.75rem; }
.lm-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem; }
.lm-controls button { font: inherit; padding: 0.3rem 0.9rem; }
.lm-curve { min-height: 320px; }
pre.lm-sample { white-space: pre-wrap; min-height: 6em; }
`;
