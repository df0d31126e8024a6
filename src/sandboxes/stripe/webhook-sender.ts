import { createHmac } from 'node:crypto';
import type { StripeEvent } from './events.js';
import type { StripeState } from './state.js';

/** The signing secret the sandbox uses unless told otherwise; Stripe's secrets start with whsec_. */
export const DEFAULT_WEBHOOK_SECRET = 'whsec_tender_sandbox';

/**
 * Waits before the 2nd, 3rd and 4th attempt. Stripe retries for three days with an
 * exponential backoff; the sandbox keeps the shape and stops after four attempts, so a
 * test never waits long and nothing runs on after it.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [200, 800, 2_000];

/** One attempt's wait for an answer; an attempt that times out counts as status 0. */
const ATTEMPT_TIMEOUT_MS = 5_000;

/** Every attempt to deliver one event, for tests: status 0 when no answer came. */
export interface WebhookDeliveryRecord {
  eventId: string;
  type: string;
  url: string;
  statuses: number[];
  delivered: boolean;
}

/**
 * `Stripe-Signature: t=<unix>,v1=<hex>`: HMAC-SHA256 keyed by the whole secret
 * (`whsec_` included) over `<t>.<body>` (processor-wire.md, Webhooks). The sandbox signs
 * with node:crypto: code outside src/adapters never imports a processor SDK (DESIGN.md).
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookSenderOptions {
  url?: string | undefined;
  secret: string;
  retryDelaysMs?: readonly number[] | undefined;
}

/**
 * Delivers events to one webhook endpoint as Stripe does: a POST of the event as JSON
 * with a fresh Stripe-Signature on each attempt (signed at the sandbox clock's now),
 * asynchronously, after the request that caused the event has been answered, every
 * event on its own (so they may arrive in any order), retried with backoff while the
 * endpoint answers anything but 2xx. No URL, no delivery; the events are still kept.
 */
export class WebhookSender {
  url: string | undefined;
  readonly secret: string;
  private readonly retryDelaysMs: readonly number[];
  private readonly running = new Set<Promise<void>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  private readonly requests = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly state: StripeState,
    options: WebhookSenderOptions,
  ) {
    this.url = options.url;
    this.secret = options.secret;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Starts delivering the event to the current URL, if there is one. */
  deliver(event: StripeEvent): void {
    if (!this.url || this.closed) return;
    event.pending_webhooks = 1;
    this.track(this.attempts(event, this.url, this.retryDelaysMs));
  }

  /** Sends an event once more, as the dashboard's "Resend" does; resolves with that delivery's record. */
  async redeliver(eventId: string): Promise<WebhookDeliveryRecord> {
    const event = this.state.events.get(eventId);
    if (!event) throw new Error(`no event ${eventId}`);
    if (!this.url) throw new Error('no webhook URL is set');
    const delivery = this.attempts(event, this.url, []);
    this.track(delivery.then(() => undefined));
    return delivery;
  }

  /** Resolves once no delivery is running, retries included. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops every retry and aborts requests in flight. */
  close(): void {
    this.closed = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.done();
    }
    for (const request of this.requests) request.abort();
  }

  private track(delivery: Promise<unknown>): void {
    const running = delivery.then(() => undefined);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  private async attempts(event: StripeEvent, url: string, retryDelaysMs: readonly number[]): Promise<WebhookDeliveryRecord> {
    const record: WebhookDeliveryRecord = { eventId: event.id, type: event.type, url, statuses: [], delivered: false };
    this.state.webhookDeliveries.push(record);
    const body = JSON.stringify(event, null, 2);
    // After the current request's answer: the event is news of a change already made.
    await this.wait(0);
    for (let attempt = 0; !this.closed; attempt += 1) {
      const status = await this.post(url, body);
      record.statuses.push(status);
      if (status >= 200 && status < 300) {
        record.delivered = true;
        event.pending_webhooks = 0;
        return record;
      }
      const delay = retryDelaysMs[attempt];
      if (delay === undefined) break;
      await this.wait(delay);
    }
    return record;
  }

  private async post(url: string, body: string): Promise<number> {
    if (this.closed) return 0;
    const request = new AbortController();
    const timer = setTimeout(() => request.abort(), ATTEMPT_TIMEOUT_MS);
    this.requests.add(request);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signatureHeader(this.secret, this.state.clock.now(), body),
        },
        body,
        signal: request.signal,
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    } finally {
      clearTimeout(timer);
      this.requests.delete(request);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wait = { timer: setTimeout(() => finish(), ms), done: () => finish() };
      const finish = () => {
        this.waits.delete(wait);
        resolve();
      };
      this.waits.add(wait);
    });
  }
}
