// Markdown formatting of the composer's selection (the formatting bar and Ctrl/Cmd+B, I, Shift+X).
export type FormatKind = 'bold' | 'italic' | 'strike' | 'code' | 'link' | 'quote' | 'list';

/** The new text and selection after applying `kind` to `text` between `start` and `end`. */
export function applyFormat(text: string, start: number, end: number, kind: FormatKind): { text: string; start: number; end: number } {
  const sel = text.slice(start, end);
  const wrap = (l: string, r = l, placeholder = '') => {
    const inner = sel || placeholder;
    return { text: text.slice(0, start) + l + inner + r + text.slice(end), start: start + l.length, end: start + l.length + inner.length };
  };
  const prefixLines = (p: string) => {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const block = text.slice(lineStart, end);
    const lines = block.split('\n').map((l) => p + l);
    const out = lines.join('\n');
    return { text: text.slice(0, lineStart) + out + text.slice(end), start: lineStart, end: lineStart + out.length };
  };
  switch (kind) {
    case 'bold':
      return wrap('**');
    case 'italic':
      return wrap('_');
    case 'strike':
      return wrap('~~');
    case 'code':
      return sel.includes('\n') ? wrap('```\n', '\n```') : wrap('`');
    case 'link': {
      const r = wrap('[', '](url)', 'text');
      // select "url" for typing over
      const urlAt = r.end + 2;
      return { text: r.text, start: urlAt, end: urlAt + 3 };
    }
    case 'quote':
      return prefixLines('> ');
    case 'list':
      return prefixLines('- ');
  }
}
