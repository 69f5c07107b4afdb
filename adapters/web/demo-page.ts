// A sample host page with the widget on it: what a school's or a company's site looks like with Ponder added.
// Its own styles are deliberately aggressive, to show that they cannot reach into the widget.

export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function demoPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ponder demo: a host page</title>
<style>
  body { font: 17px/1.5 Georgia, serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
  /* A host page's careless global styles: the widget must not be affected. */
  button { background: hotpink !important; font-size: 30px !important; }
  div { letter-spacing: 0.2em; }
  * { box-sizing: content-box; }
  /* The sample tag wraps rather than widening the page past a phone's screen (and the launcher off it). */
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
</head>
<body>
<h1>Fractions, Year 5</h1>
<p>This is a sample page of a school website. The tutor's button is in the bottom-right corner: open it,
pick a topic, and answer its questions. It asks rather than tells, and adapts as you go.</p>
<p>Add the tutor to any page with one tag:</p>
<pre>&lt;script src="/widget.js" data-site="demo" async&gt;&lt;/script&gt;</pre>
<script src="/widget.js" data-site="demo" data-title="Ponder tutor" async></script>
</body>
</html>`;
}
