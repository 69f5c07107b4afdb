// The frame around every staff page: who is signed in, the way back, and the one style sheet.
import { html, type Fragment, type Html } from './html.ts';
import { TEACH_CSS_PATH } from './style.ts';

export interface Viewer {
  email: string;
  csrf: string;
}

export interface Crumb {
  href?: string;
  label: string;
}

/** The hidden field every change carries: the session's CSRF token. */
export const csrfField = (csrf: string): Html => html`<input type="hidden" name="csrf" value="${csrf}">`;

export function page(options: { title: string; viewer?: Viewer; crumbs?: readonly Crumb[]; body: Fragment; head?: Html }): Html {
  const { title, viewer, crumbs, body, head } = options;
  const signedIn = viewer
    ? html`<div><span class="muted">Signed in as</span> ${viewer.email}
<form method="post" action="/teach/sign-out">${csrfField(viewer.csrf)}<button class="quiet" type="submit">Sign out</button></form></div>`
    : '';
  const trail = crumbs?.length
    ? html`<nav aria-label="Breadcrumb"><a href="/teach">Your classes</a>${crumbs.map((c) => html` › ${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`)}</nav>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Ponder for teachers</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${TEACH_CSS_PATH}">
${head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><nav aria-label="Dashboard"><a href="/teach">Ponder for teachers</a></nav>${signedIn}</header>
<main id="main">
${trail}
${body}
</main>
</body>
</html>
`;
}
