// Owns the frame of the api's HTML pages (login, dashboard): one stylesheet, scripts from this site
// only (the Content-Security-Policy the routes send says so), and escaping of every value put in.
import { escapeXml } from '@newsq/web-text';

/** Pages run only this site's scripts and styles and are never framed (clickjacking). */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Escapes `& < > " '`: safe in a text node and in a quoted attribute alike. */
export const escapeHtml = escapeXml;

export function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}
