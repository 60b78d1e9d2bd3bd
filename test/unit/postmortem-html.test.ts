import { describe, expect, it } from 'vitest';
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

  it('rebuilds every tag from the allowlist even if markup slipped past the renderer', () => {
    expect(
      allowlisted(
        '<img src=x onerror=alert(1)><p class="x" onclick="y">t</p><a href="javascript:alert(1)">a</a><a href="&#x6A;avascript:x">b</a><A HREF="https://ok.example" onclick="z">c</A>',
      ),
    ).toBe('<p>t</p><a>a</a><a>b</a><a href="https://ok.example" rel="nofollow noopener">c</a>');
  });
});
