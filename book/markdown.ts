/**
 * Markdown with TeX, rendered at build time: `$…$` and `$$…$$` become KaTeX HTML (so the page needs
 * only KaTeX's CSS and fonts, no script), the rest goes through `marked` (GitHub-flavoured).
 * Math is cut out before `marked` sees it (its `_` and `\` would be read as emphasis and escapes) and
 * put back afterwards; code spans and fenced blocks are left alone, so a `$` in code stays a `$`.
 */
import katex from 'katex';
import { Marked } from 'marked';

/** One equation KaTeX could not typeset (its error names the position). */
export interface MathError {
  tex: string;
  message: string;
}

/** What {@link renderMarkdown} returns: the HTML and any equations that failed. */
export interface Rendered {
  html: string;
  mathErrors: MathError[];
  /** How many equations were typeset (or failed). */
  equations: number;
}

/** Rewrites a link target (e.g. `06_language_model.ipynb` → `06_language_model.html`); `undefined` unlinks it. */
export type LinkRewriter = (href: string) => string | undefined;

const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The math segments of a markdown text: `$$…$$` (display) and `$…$` (inline), outside code. */
export function extractMath(md: string): { text: string; math: { tex: string; display: boolean }[] } {
  const math: { tex: string; display: boolean }[] = [];
  let out = '';
  let i = 0;
  const put = (tex: string, display: boolean): void => {
    out += `${OPEN}${math.length}${CLOSE}`;
    math.push({ tex, display });
  };
  while (i < md.length) {
    const atLineStart = i === 0 || md[i - 1] === '\n';
    // A fenced code block: copied through to its closing fence.
    const fence = atLineStart ? /^ {0,3}(`{3,}|~{3,})/.exec(md.slice(i)) : null;
    if (fence) {
      const marker = fence[1]!;
      const close = md.indexOf('\n' + marker, i + marker.length);
      const end = close < 0 ? md.length : close + 1 + marker.length;
      out += md.slice(i, end);
      i = end;
      continue;
    }
    const ch = md[i]!;
    if (ch === '\\' && (md[i + 1] === '$' || md[i + 1] === '`')) {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '`') {
      // A code span: the same number of backticks closes it.
      const ticks = /^`+/.exec(md.slice(i))![0];
      const close = md.indexOf(ticks, i + ticks.length);
      const end = close < 0 ? i + ticks.length : close + ticks.length;
      out += md.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '$' && md[i + 1] === '$') {
      const close = md.indexOf('$$', i + 2);
      if (close > i + 2) {
        put(md.slice(i + 2, close).trim(), true);
        i = close + 2;
        continue;
      }
    } else if (ch === '$') {
      // Inline: `$x$` with no space just inside the dollars, not followed by a digit, within one
      // paragraph (it may wrap onto the next line, as Jupyter allows).
      const m = /^\$([^\s$](?:[^$]*?[^\s$\\])?)\$(?!\d)/.exec(md.slice(i));
      if (m && !/\n\s*\n/.test(m[1]!)) {
        put(m[1]!, false);
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return { text: out, math };
}

/** TeX → KaTeX HTML; an equation that fails is shown as its source in an error span and reported. */
export function renderTex(tex: string, display: boolean, errors: MathError[]): string {
  try {
    return katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      output: 'html',
      strict: 'ignore',
    });
  } catch (err) {
    errors.push({ tex, message: (err as Error).message });
    const escaped = escapeHtml(tex);
    return `<code class="math-error" title="${escapeHtml((err as Error).message)}">${escaped}</code>`;
  }
}

/** `&`, `<`, `>`, `"` as entities. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(new RegExp(`${OPEN}\\d+${CLOSE}`, 'g'), '')
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Markdown (with TeX) → HTML. */
export function renderMarkdown(md: string, rewriteLink: LinkRewriter = (h) => h): Rendered {
  const { text, math } = extractMath(md);
  const mathErrors: MathError[] = [];
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const target = rewriteLink(href);
        if (target === undefined)
          return `<span class="repo-path" title="${escapeHtml(href)}">${inner}</span>`;
        return `<a href="${escapeHtml(target)}">${inner}</a>`;
      },
    },
  });
  const html = marked.parse(text, { async: false });
  const rendered = math.map((m) => renderTex(m.tex, m.display, mathErrors));
  const restored = html.replace(
    new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'),
    (_, k: string) => rendered[Number(k)]!,
  );
  return { html: restored, mathErrors, equations: math.length };
}
