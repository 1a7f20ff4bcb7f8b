// Stand-in for the `entities` package inside @mattermost/commonmark, which only calls decodeHTMLStrict(s) on one
// entity at a time (`&name;`, `&#123;`, `&#x7b;`). The browser's own HTML parser knows every entity, so the ~30 KB
// brotli of tables `entities` ships stay out of the bundle.
const ENTITY = /^&(?:#x[a-f0-9]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});$/i;
let area: HTMLTextAreaElement | undefined;

/**
 * The character(s) an HTML entity with its semicolon stands for, or `s` unchanged when it names none. Strict as
 * `entities` is: a legacy entity without its semicolon (`&not` in `&notit;`) does not count.
 */
export function decodeHTMLStrict(s: string): string {
  if (!ENTITY.test(s)) return s;
  area ??= document.createElement('textarea');
  area.innerHTML = s; // RCDATA: a textarea's content is text and entities, never markup
  const out = area.value;
  const tail = /[a-z0-9]+;$/i.exec(out);
  return tail && s.endsWith(tail[0]) ? s : out;
}
