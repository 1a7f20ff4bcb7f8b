// A fenced code block, highlighted by highlight.js (its common languages, loaded on first use) when the fence names
// a language it knows; plain until then.
import { useEffect, useState, type ReactNode } from 'react';

type Hljs = typeof import('highlight.js/lib/common').default;
let hljs: Promise<Hljs> | undefined;
const load = (): Promise<Hljs> =>
  (hljs ??= Promise.all([import('highlight.js/lib/common'), import('./hljs.css')]).then(([m]) => m.default));

export function CodeBlock({ code, lang }: { code: string; lang: string }): ReactNode {
  const [html, setHtml] = useState('');
  const language = lang.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  useEffect(() => {
    if (!language) return;
    let live = true;
    void load().then((h) => {
      if (live && h.getLanguage(language)) setHtml(h.highlight(code, { language, ignoreIllegals: true }).value);
    });
    return () => {
      live = false;
    };
  }, [code, language]);
  return (
    <pre className="code-block" data-language={language || undefined}>
      {html ? <code className={`hljs language-${language}`} dangerouslySetInnerHTML={{ __html: html }} /> : <code>{code}</code>}
    </pre>
  );
}
