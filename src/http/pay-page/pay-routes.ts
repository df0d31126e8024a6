import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { isTenderError } from '../../core/errors.js';
import type { HostedLinks } from '../../links/hosted-links.js';
import type { LinkCondition } from '../../links/link-view.js';
import type { HostedLink } from '../../store/payment-link-store.js';
import type { HttpResponse, Route } from '../server.js';
import { pageAssets } from './assets.js';
import { CLOSED_PAGE_POLICY, pagePolicy } from './content-policy.js';
import { cardFormPage, statusPage } from './page-html.js';
import { bodyProblem, payAnswer, unavailable } from './pay-answers.js';
import { readNonceBody } from './nonce-body.js';

/**
 * The pages Tender hosts for payment links (src/links/):
 *   GET  /pay/<id>          the page: amount, description, Braintree Hosted Fields
 *   POST /pay/<id>/nonce    {"nonce"}: charge it, exactly once (HostedLinks.pay)
 *   GET  /pay/assets/<name> the page's scripts and stylesheet (assets.ts)
 * An unknown id is 404; a link that can no longer be paid (paid, expired, closed) 410.
 */
export interface PayPageOptions {
  links: HostedLinks;
  logger: Logger;
  /** How long the page waits for Hosted Fields before saying it failed. Default 20 s. */
  setupTimeoutMs?: number;
}

const DEFAULT_SETUP_TIMEOUT_MS = 20_000;
const PAGE_PATH = /^\/pay\/([^/]+)$/;
const NONCE_PATH = /^\/pay\/([^/]+)\/nonce$/;
const ASSET_PATH = /^\/pay\/assets\/(.+)$/;

/** Status pages, by where the link stands. */
const CLOSED: Readonly<Record<Exclude<LinkCondition, 'open'>, { status: number; state: string; message: string }>> = {
  paying: { status: 200, state: 'pending', message: 'A payment for this link is being confirmed. Please do not pay again.' },
  completed: { status: 410, state: 'already_paid', message: 'This link has already been paid. Thank you.' },
  expired: { status: 410, state: 'expired', message: 'This payment link has expired. You have not been charged.' },
  exhausted: { status: 410, state: 'closed', message: 'This payment link can no longer be used. You have not been charged.' },
};

export function payPageRoutes(options: PayPageOptions): Route[] {
  const { links, logger } = options;
  const setupTimeoutMs = options.setupTimeoutMs ?? DEFAULT_SETUP_TIMEOUT_MS;

  const page = async (linkId: string): Promise<HttpResponse> => {
    const assets = pageAssets();
    const found = await links.look(linkId);
    if (!found) return html(404, statusPage('not_found', 'This payment link does not exist.', assets), CLOSED_PAGE_POLICY);
    const { link, condition } = found;
    const facts = { amount: link.amount, description: link.description };
    if (condition !== 'open') {
      const closed = CLOSED[condition];
      return html(closed.status, statusPage(closed.state, closed.message, assets, facts), CLOSED_PAGE_POLICY);
    }
    const clientToken = await tokenFor(link);
    if (clientToken === undefined) {
      const message = 'This page cannot take payments right now. You have not been charged. Please try again in a few minutes.';
      return html(503, statusPage('unavailable', message, assets, facts), CLOSED_PAGE_POLICY);
    }
    const body = cardFormPage(facts, { linkId: link.id, clientToken, savesCard: link.savePaymentMethod, setupTimeoutMs }, assets);
    return html(200, body, pagePolicy(clientToken));
  };

  const tokenFor = (link: HostedLink): Promise<string | undefined> =>
    links.clientToken(link).catch((error: unknown) => {
      logger.warn({ err: error, paymentLinkId: link.id }, 'client token for the payment page failed');
      return undefined;
    });

  const pay = async (linkId: string, request: IncomingMessage): Promise<HttpResponse> => {
    const body = await readNonceBody(request);
    if (!body.ok) {
      // Never the body: it may hold exactly what must not be logged.
      logger.warn({ paymentLinkId: linkId, problem: body.problem }, 'payment page request refused');
      return bodyProblem(body);
    }
    return payAnswer(await links.pay(linkId, body.nonce));
  };

  return [
    {
      method: 'GET',
      path: '/pay/*',
      handle: (request) => guarded(logger, async () => {
        const path = pathOf(request);
        const asset = ASSET_PATH.exec(path);
        if (asset) return pageAssets().serve(asset[1]!) ?? notFound();
        const linkId = PAGE_PATH.exec(path)?.[1];
        return linkId === undefined ? notFound() : page(linkId);
      }),
    },
    {
      method: 'POST',
      path: '/pay/*',
      handle: (request) => guarded(logger, async () => {
        const linkId = NONCE_PATH.exec(pathOf(request))?.[1];
        if (linkId === undefined) {
          request.resume();
          return notFound();
        }
        return pay(linkId, request);
      }),
    },
  ];
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?', 1)[0] ?? '/';
}

/** A store that cannot be reached means nothing was claimed and nothing charged: 503, never 500. */
async function guarded(logger: Logger, handle: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await handle();
  } catch (error) {
    if (isTenderError(error) && error.code === 'unavailable') {
      logger.warn({ err: error }, 'payment page: store unavailable');
      return unavailable();
    }
    throw error;
  }
}

function notFound(): HttpResponse {
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: 'not found\n' };
}

function html(status: number, body: string, policy: string): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': policy,
      // The URL is the link's only credential: never hand it to Braintree or anyone in a Referer.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    },
    body,
  };
}
