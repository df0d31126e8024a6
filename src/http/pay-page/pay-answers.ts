import { confirmationCode } from '../../core/confirmation-code.js';
import { formatId } from '../../core/ids.js';
import type { DeclineReason } from '../../core/types.js';
import type { PayOutcome } from '../../links/pay-link.js';
import { json, type HttpResponse } from '../server.js';
import type { NonceBody } from './nonce-body.js';

/**
 * What the page's browser code gets back: JSON with a `status` word (the page writes it
 * into data-state), a `message` safe to show the payer, and `retry` when another card
 * may be tried. Messages never name a decline's real reason where that would help a
 * fraudster (fraud, lost or stolen cards read as a plain decline; payments-domain.md
 * "Caller-facing language"), and never repeat anything the request carried.
 */
export interface PayAnswer {
  status: string;
  message: string;
  retry?: boolean;
  confirmationCode?: string;
  attemptsLeft?: number;
}

const OTHER_CARD = 'Please try a different card.';
const NOT_CHARGED = 'You have not been charged.';

/** The few reasons worth telling a payer who can fix them; every other decline reads the same. */
const DECLINE_SENTENCES: Partial<Record<DeclineReason, string>> = {
  expired_card: 'That card has expired.',
  incorrect_cvc: 'The bank could not verify the security code.',
  insufficient_funds: 'That card was declined by the bank.',
  authentication_required: 'Your bank needs to approve this payment, which this page cannot do.',
};

export function payAnswer(outcome: PayOutcome): HttpResponse {
  switch (outcome.kind) {
    case 'completed': {
      const code = confirmationCode(formatId(outcome.accountId, outcome.paymentId));
      return outcome.alreadyPaid
        ? answer(409, { status: 'already_paid', message: 'This link has already been paid. Thank you.' })
        : answer(200, { status: 'completed', message: `Payment received. Your confirmation code is ${code}.`, confirmationCode: code });
    }
    case 'declined': {
      const sentence = (outcome.decline && DECLINE_SENTENCES[outcome.decline.reason]) ?? 'That card was declined.';
      return failure(402, 'declined', sentence, outcome.attemptsLeft);
    }
    case 'refused':
      return failure(422, 'refused', 'That card could not be used.', outcome.attemptsLeft);
    case 'pending':
      return answer(202, {
        status: 'pending',
        message: 'We could not confirm your payment yet. Please do not pay again; it will be confirmed shortly.',
      });
    case 'busy':
      return answer(409, { status: 'in_progress', message: 'A payment for this link is already being processed. Please do not pay again.' });
    case 'not_found':
      return answer(404, { status: 'not_found', message: 'This payment link does not exist.' });
    case 'expired':
      return answer(410, { status: 'expired', message: `This payment link has expired. ${NOT_CHARGED}` });
    case 'exhausted':
      return answer(410, { status: 'closed', message: `This payment link can no longer be used. ${NOT_CHARGED}` });
    case 'unavailable':
      return unavailable();
  }
}

export function bodyProblem(problem: Extract<NonceBody, { ok: false }>): HttpResponse {
  const message = problem.problem === 'card_data'
    ? 'Card details may only be entered in the secure card fields. Nothing was charged.'
    : 'This request could not be read. Please reload the page and try again.';
  return answer(problem.status, { status: problem.problem === 'card_data' ? 'card_data_refused' : 'invalid_request', message });
}

export function unavailable(): HttpResponse {
  return answer(503, { status: 'unavailable', message: `The payment service is unavailable right now. ${NOT_CHARGED} Please try again in a moment.` });
}

function failure(status: number, word: string, sentence: string, attemptsLeft: number): HttpResponse {
  const next = attemptsLeft > 0 ? OTHER_CARD : `This link can no longer be used. ${NOT_CHARGED}`;
  return answer(status, { status: word, message: `${sentence} ${next}`, retry: attemptsLeft > 0, attemptsLeft });
}

function answer(status: number, body: PayAnswer): HttpResponse {
  const response = json(status, body);
  return { ...response, headers: { ...response.headers, 'x-content-type-options': 'nosniff' } };
}
