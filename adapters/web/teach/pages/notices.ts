// The short pages that say why something cannot be shown or done, and what to do about it.
import { html, type Html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

const HOW_TO_SIGN_IN = html`<p>Staff sign in with a one-time link. Whoever runs the Ponder server creates one with
<code>ponder staff add you@school.org --class "Year 5 Maths"</code> and sends it to you; it works once, for 24 hours.</p>`;

/** `signedIn`: this browser has a session already (a link clicked twice), so the way on is offered too. */
export function signInRefused(signedIn: boolean): Html {
  return page({
    title: 'Sign-in link not valid',
    body: html`<h1>This sign-in link is invalid or already used</h1>
<p>Each link works once and expires after 24 hours. If you have signed in with it before, it cannot be used again.</p>
${signedIn ? html`<p>You are still signed in on this browser: <a href="/teach">open your classes</a>.</p>` : ''}
<p>Ask for a new link: whoever runs the Ponder server runs <code>ponder staff add &lt;your e-mail&gt;</code> and sends it to you.</p>`,
  });
}

/** What a link preview shows: the link itself stays unused. */
export function signInPreview(): Html {
  return page({ title: 'Staff sign-in', body: html`<h1>Ponder for teachers: sign-in link</h1><p>Open this link in your browser to sign in. It works once.</p>` });
}

export function notSignedIn(): Html {
  return page({ title: 'Sign in', body: html`<h1>Please sign in</h1><p>You are not signed in, or your session has ended.</p>${HOW_TO_SIGN_IN}` });
}

export function signedOut(): Html {
  return page({ title: 'Signed out', body: html`<h1>You are signed out</h1><p>To come back you need a new sign-in link.</p>${HOW_TO_SIGN_IN}` });
}

/**
 * After a sign-in link opened from another site (a webmail, a chat): the browser would not send a SameSite=Strict
 * cookie on a redirect that this other site started, so the dashboard is opened from here instead.
 */
export function signedInContinue(): Html {
  return page({
    title: 'Signed in',
    head: html`<meta http-equiv="refresh" content="0; url=/teach">`,
    body: html`<h1>You are signed in</h1><p><a href="/teach">Open your classes</a>.</p>`,
  });
}

export function notFound(viewer: Viewer): Html {
  return page({
    title: 'Not found',
    viewer,
    body: html`<h1>Not found</h1><p>There is no such page, or it belongs to a class you do not teach. Staff see only their own classes.</p><p><a href="/teach">Back to your classes</a></p>`,
  });
}

export function changeRefused(viewer?: Viewer): Html {
  return page({
    title: 'Change refused',
    ...(viewer ? { viewer } : {}),
    body: html`<h1>That change was refused</h1>
<p>It did not come from a page of this dashboard, or the page was from an earlier session. Nothing was changed.</p>
<p>Go back, reload the page, and try again.</p>`,
  });
}

export function badForm(why: string, viewer?: Viewer): Html {
  return page({ title: 'Form not accepted', ...(viewer ? { viewer } : {}), body: html`<h1>Form not accepted</h1><p>${why}</p><p>Go back and try again.</p>` });
}

export function serverError(): Html {
  return page({ title: 'Something went wrong', body: html`<h1>Something went wrong</h1><p>The server could not show this page. Please try again in a moment.</p>` });
}
