import { hmacSignature } from './hmac.js';
import { isoSeconds, type Amount } from './state.js';
import type { SandboxClock } from '../shared/clock.js';

/**
 * Standard webhook notifications (adyen-Webhooks-v1.json), HMAC-signed as Adyen signs
 * them. Asynchronous outcomes (authorisations, refunds, cancellations, captures) queue
 * here; tests `collect()` the raw bodies or `send()` them to a webhook URL. Each body
 * holds one item, `{"live":"false","notificationItems":[{"NotificationRequestItem":…}]}`,
 * as Adyen delivers them. Items carry no card data beyond the brand.
 */
export type EventCode =
  | 'AUTHORISATION'
  | 'CANCELLATION'
  | 'CANCEL_OR_REFUND'
  | 'CAPTURE'
  | 'REFUND'
  | 'REFUND_FAILED';

export interface NotificationEvent {
  eventCode: EventCode;
  success: boolean;
  pspReference: string;
  /** The payment a modification is about; never set on AUTHORISATION. */
  originalReference?: string;
  merchantReference: string;
  amount: Amount;
  paymentMethod?: string;
  reason?: string;
  /** Only keys the event's additionalData schema lists. */
  additionalData?: Record<string, string>;
}

export interface NotificationItem {
  additionalData: Record<string, string>;
  amount: Amount;
  eventCode: EventCode;
  eventDate: string;
  merchantAccountCode: string;
  merchantReference: string;
  operations?: string[];
  originalReference?: string;
  paymentMethod?: string;
  pspReference: string;
  reason?: string;
  success: 'true' | 'false';
}

export class NotificationOutbox {
  private queue: NotificationItem[] = [];

  constructor(
    private readonly hmacKeyHex: string,
    private readonly merchantAccount: string,
    private readonly clock: SandboxClock,
  ) {}

  /** Builds, signs and queues one notification item. */
  emit(event: NotificationEvent): NotificationItem {
    const success = event.success ? 'true' : 'false';
    const signed = {
      pspReference: event.pspReference,
      merchantAccountCode: this.merchantAccount,
      merchantReference: event.merchantReference,
      amount: { ...event.amount },
      eventCode: event.eventCode,
      success,
      ...(event.originalReference ? { originalReference: event.originalReference } : {}),
    } as const;
    const item: NotificationItem = {
      ...signed,
      additionalData: { ...event.additionalData, hmacSignature: hmacSignature(signed, this.hmacKeyHex) },
      eventDate: isoSeconds(this.clock.now()),
      ...(event.paymentMethod ? { paymentMethod: event.paymentMethod } : {}),
      ...(event.reason ? { reason: event.reason } : {}),
      // Adyen lists the modifications still possible on a successful authorisation.
      ...(event.eventCode === 'AUTHORISATION' && event.success ? { operations: ['CANCEL', 'CAPTURE', 'REFUND'] } : {}),
    };
    this.queue.push(item);
    return item;
  }

  /** Queued items, oldest first, without removing them. */
  pending(): NotificationItem[] {
    return this.queue.map((item) => structuredClone(item));
  }

  /** Removes every queued item and returns each as the raw JSON body Adyen would POST. */
  collect(): string[] {
    const items = this.queue;
    this.queue = [];
    return items.map(notificationBody);
  }

  /**
   * POSTs each queued item to `url`, oldest first, and returns the HTTP statuses. Items
   * the receiver did not accept with a 2xx stay queued, as Adyen keeps retrying them.
   */
  async send(url: string): Promise<number[]> {
    const items = this.queue;
    this.queue = [];
    const statuses: number[] = [];
    for (const item of items) {
      const status = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: notificationBody(item),
      }).then((response) => response.status, () => 0);
      statuses.push(status);
      if (status < 200 || status >= 300) this.queue.push(item);
    }
    return statuses;
  }
}

export function notificationBody(item: NotificationItem): string {
  return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] });
}
