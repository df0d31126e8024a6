/**
 * The payment page's Content-Security-Policy (CSP Level 3). The page runs no inline
 * code at all, so scripts and styles come from Tender only ('self'); it may talk to
 * Tender and to Braintree's client API, and frame only Braintree's asset host, which
 * serves the Hosted Fields iframes. That is the list Braintree documents for Hosted
 * Fields ("Content Security Policy" in the braintree-web guides) minus the script
 * hosts, because Tender serves the bundles itself.
 *
 * The client API's origin is read from the client token the page gets (a base64 JSON
 * whose configUrl names it), so an account pointed at another client API, such as
 * Tender's own sandbox, is allowed exactly, and nothing else is. Anything else about
 * the token is ignored; an unreadable token adds nothing.
 */
const BRAINTREE_CONNECT = ['https://*.braintreegateway.com', 'https://*.braintree-api.com'];
const BRAINTREE_FRAMES = ['https://assets.braintreegateway.com'];

export function pagePolicy(clientToken?: string): string {
  const connect = ["'self'", ...clientApiOrigins(clientToken), ...BRAINTREE_CONNECT];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    `frame-src ${BRAINTREE_FRAMES.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The pages that only show a status load no script and talk to nobody. */
export const CLOSED_PAGE_POLICY = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The origins of the token's configUrl and GraphQL URL, when they are plain http(s) URLs. */
export function clientApiOrigins(clientToken: string | undefined): string[] {
  if (!clientToken) return [];
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(clientToken, 'base64').toString('utf8'));
  } catch {
    return [];
  }
  if (typeof decoded !== 'object' || decoded === null) return [];
  const token = decoded as { configUrl?: unknown; graphQL?: { url?: unknown } };
  return [token.configUrl, token.graphQL?.url].flatMap((url) => {
    if (typeof url !== 'string' || !URL.canParse(url)) return [];
    const { protocol, origin } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? [origin] : [];
  });
}
