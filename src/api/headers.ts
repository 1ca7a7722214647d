/** Headers every answer carries: nothing is framed, sniffed, cached or shared across origins. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** HTML reports are self-contained: their inline styles are the only thing they load. */
export const htmlReportCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/** Sent only when the server itself terminates TLS, as browsers ignore it over plain HTTP. */
export const hsts = 'max-age=31536000; includeSubDomains';
