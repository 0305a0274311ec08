// The Content-Security-Policy of every page. Scripts run only with this
// request's nonce (Next reads it from the request's CSP header and puts it on
// its own scripts); 'strict-dynamic' lets those scripts load the chunks they
// need. Styles stay 'unsafe-inline': React and recharts write style attributes,
// and an injected style cannot run code.

export interface ContentSecurityPolicyOptions {
  /** A fresh random value per request, base64. */
  nonce: string;
  /** `next dev`: React's dev build needs eval for its debugging stacks. */
  dev: boolean;
  /** Served over https: ask the browser to upgrade any http subresource. */
  https: boolean;
}

export function contentSecurityPolicy({ nonce, dev, https }: ContentSecurityPolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Nobody may frame a page (clickjacking); X-Frame-Options says the same to old browsers.
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 16 random bytes, base64: a nonce nobody can guess or reuse from another response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Whether the request reached us over https, directly or through a proxy that says so. */
export function isHttps(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
