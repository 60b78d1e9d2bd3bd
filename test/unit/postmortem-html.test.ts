import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lambdas/render/html';
import { allowlisted, postmortemHtml } from '../../lambdas/render/postmortem-html';

const render = (markdown: string) => postmortemHtml(markdown).value;

/** Every tag in the output, as written. */
const tagsOf = (markup: string) => markup.match(/<[^>]*>/g) ?? [];

const ALLOWED =
  /^<\/?(p|h2|h3|h4|ul|ol|li|strong|em|code|pre|blockquote|hr|table|thead|tbody|tr|th|td)>$|^<ol start="\d+">$|^<a href="(https?:\/\/|mailto:)[^"]*" rel="nofollow noopener">$|^<\/a>$|^<a>$/;

describe('a postmortem rendered from Markdown', () => {
  it('keeps the document: headings below the page and its postmortem heading, lists, code, quotes, tables, links', () => {
    const out = render(
      [
        '# What happened',
        'The **certificate** of `api.example.com` _expired_. See [the runbook](https://wiki.example.com/runbook?a=1&b=2).',
        '## Timeline',
        '3. 10:02 alert\n4. 10:05 paged',
        '### Details',
        '- one\n- two',
        '> We are sorry.',
        '```sh\ncertbot renew\n```',
        '| when | what |\n|:--|--:|\n| 10:00 | expired |',
        '---',
        'Questions: <mailto:sre@example.com> or https://status.example.com',
      ].join('\n\n'),
    );
    expect(out).toContain('<h3>What happened</h3>');
    expect(out).toContain('<h4>Timeline</h4>');
    expect(out).toContain('<h4>Details</h4>');
    expect(out).not.toMatch(/<h1|<h2/);
    expect(out).toContain('<strong>certificate</strong>');
    expect(out).toContain('<code>api.example.com</code>');
    expect(out).toContain(
      '<a href="https://wiki.example.com/runbook?a=1&amp;b=2" rel="nofollow noopener">the runbook</a>',
    );
    expect(out).toContain('<ol start="3">');
    expect(out).toContain('<li>two</li>');
    expect(out).toContain('<blockquote>');
    expect(out).toContain('<pre><code>certbot renew\n</code></pre>');
    expect(out).toContain('<th>when</th>');
    expect(out).toContain('<hr>');
    expect(out).toContain('<a href="mailto:sre@example.com" rel="nofollow noopener">');
    expect(out).toContain('<a href="https://status.example.com" rel="nofollow noopener">');
    for (const tag of tagsOf(out)) expect(tag).toMatch(ALLOWED);
  });

  const hostile: Record<string, string> = {
    'a script element': '<script>alert(1)</script>',
    'a script in a heading': '# <script>alert(1)</script>',
    'an image with onerror': '<img src=x onerror=alert(1)>',
    'raw HTML blocks': '<div onclick="alert(1)">\n\n<iframe src="https://evil.example"></iframe>\n\n</div>',
    'an inline HTML link': 'see <a href="javascript:alert(1)">here</a>',
    'a javascript: link': '[click](javascript:alert(1))',
    'a javascript: link in capitals with spaces': '[click]( JaVaScRiPt:alert(1))',
    'a javascript: autolink': '<javascript:alert(1)>',
    'an entity-encoded javascript: link': '[click](jav&#x61;script&#58;alert(1))',
    'a decimal-entity javascript: link': '[click](&#106;avascript:alert(1))',
    'a tab inside the scheme': '[click](java\tscript:alert(1))',
    'a vbscript: link': '[click](vbscript:msgbox(1))',
    'a data: link': '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    'a data: image': '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    'an image from the web': '![pixel](https://tracker.example/p.gif)',
    'a reference-style javascript: link': '[click][evil]\n\n[evil]: javascript:alert(1)',
    'a file: link': '[click](file:///etc/passwd)',
    'a quote breaking out of href': '[click](https://ok.example/"onmouseover="alert(1))',
    'an attribute smuggled through a title': '[click](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    'entities spelling a tag': '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
    'a style element': '<style>body{display:none}</style>',
    'an svg with onload': '<svg onload=alert(1)>',
    'a fenced block with a language class': '```"><script>alert(1)</script>\ncode\n```',
  };

  for (const [name, markdown] of Object.entries(hostile)) {
    it(`neutralises ${name}`, () => {
      const out = render(markdown);
      for (const tag of tagsOf(out)) expect(tag).toMatch(ALLOWED);
      expect(out).not.toMatch(/<(script|img|iframe|div|style|svg)\b/i);
      expect(out).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(out).not.toMatch(/href="\s*(javascript|vbscript|data|file):/i);
      expect(out).not.toMatch(/<[^>]*(style|class|src)=/i);
    });
  }

  it('shows typed markup as text, so a reader sees what was written', () => {
    expect(render('Use <b>bold</b>')).toBe('<p>Use &lt;b&gt;bold&lt;/b&gt;</p>\n');
  });

  it('shows raw HTML blocks and inline tags as text, and still renders the Markdown around and inside them', () => {
    expect(render('<div onclick="x">\n**bold** inside\n</div>\n\nafter')).toBe(
      '<p>&lt;div onclick=&quot;x&quot;&gt;\n<strong>bold</strong> inside\n&lt;/div&gt;</p>\n<p>after</p>\n',
    );
    expect(render('<script>\nalert(1)\n</script>')).toBe('<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n');
    expect(render('text <!-- hidden? --> and <img src=x>')).toBe(
      '<p>text &lt;!-- hidden? --&gt; and &lt;img src=x&gt;</p>\n',
    );
  });

  it('makes no link of a javascript: target in any link syntax, and shows what was written', () => {
    const syntaxes = [
      '[inline](javascript:alert(1))',
      '[inline, titled](javascript:alert(1) "t")',
      '[inline, angle brackets](<javascript:alert(1)>)',
      '[full reference][evil]',
      '[collapsed][]',
      '[shortcut]',
      '<javascript:alert(1)>',
      '[entities](&#x6A;avascript&colon;alert(1))',
    ];
    const defs = '[evil]: javascript:alert(1)\n[collapsed]: JAVASCRIPT:alert(1)\n[shortcut]: javascript:alert(1)';
    for (const syntax of syntaxes) {
      const out = render(`${syntax}\n\n${defs}`);
      expect(out, syntax).not.toContain('<a');
      expect(out, syntax).toBe(`<p>${escapeHtml(syntax)}</p>\n`);
    }
  });

  it('resolves reference links to safe targets, keeping only the href', () => {
    expect(render('[the runbook][rb] and [rb]\n\n[rb]: https://wiki.example/rb?a=1&amp;b=2 "Runbook"')).toBe(
      '<p><a href="https://wiki.example/rb?a=1&amp;b=2" rel="nofollow noopener">the runbook</a> and <a href="https://wiki.example/rb?a=1&amp;b=2" rel="nofollow noopener">rb</a></p>\n',
    );
  });

  it('links addresses written bare or in angle brackets, as GFM autolinks', () => {
    expect(
      render(
        '<https://a.example/x> <mailto:sre@example.com> https://b.example/?q=1&r=2 www.example.com ops@example.com',
      ),
    ).toBe(
      '<p><a href="https://a.example/x" rel="nofollow noopener">https://a.example/x</a> ' +
        '<a href="mailto:sre@example.com" rel="nofollow noopener">mailto:sre@example.com</a> ' +
        '<a href="https://b.example/?q=1&amp;r=2" rel="nofollow noopener">https://b.example/?q=1&amp;r=2</a> ' +
        '<a href="http://www.example.com" rel="nofollow noopener">www.example.com</a> ' +
        '<a href="mailto:ops@example.com" rel="nofollow noopener">ops@example.com</a></p>\n',
    );
  });

  it('nests lists', () => {
    expect(render('- a\n  - b\n    1. c\n    2. d\n- e')).toBe(
      '<ul>\n<li>a<ul>\n<li>b<ol>\n<li>c</li>\n<li>d</li>\n</ol>\n</li>\n</ul>\n</li>\n<li>e</li>\n</ul>\n',
    );
  });

  it('keeps tables without their alignment attributes', () => {
    expect(render('| when | what |\n|:--|--:|\n| 10:00 | *expired* |')).toBe(
      '<table>\n<thead>\n<tr>\n<th>when</th>\n<th>what</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>10:00</td>\n<td><em>expired</em></td>\n</tr>\n</tbody></table>\n',
    );
  });

  it('leaves strikethrough, hard breaks, task boxes and images as the text that was written', () => {
    expect(render('~~gone~~ and a  \nbreak')).toBe('<p>~~gone~~ and a  \nbreak</p>\n');
    expect(render('- [ ] todo\n- [x] done')).toBe('<ul>\n<li>[ ] todo</li>\n<li>[x] done</li>\n</ul>\n');
    expect(render('![the graph](https://tracker.example/p.gif)')).toBe('<p>the graph</p>\n');
  });

  it('rebuilds every tag from the allowlist even if markup slipped past the renderer', () => {
    expect(
      allowlisted(
        '<img src=x onerror=alert(1)><p class="x" onclick="y">t</p><a href="javascript:alert(1)">a</a><a href="&#x6A;avascript:x">b</a><A HREF="https://ok.example" onclick="z">c</A>',
      ),
    ).toBe('<p>t</p><a>a</a><a>b</a><a href="https://ok.example" rel="nofollow noopener">c</a>');
  });
});
