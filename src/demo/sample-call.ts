import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { MoneySchema, PaymentStatus, type Money as MoneyMessage } from '../gen/tender/v1/common_pb.js';
import { CustomerService } from '../gen/tender/v1/customers_pb.js';
import { PaymentService, type Payment } from '../gen/tender/v1/payments_pb.js';
import { formatMoney } from '../core/money.js';
import { makeClient, type ClientCallOptions, type ServiceClient } from '../server/client.js';

/**
 * The brief's sample call, made the way a voice agent's backend makes it: identify the
 * caller by phone, read what they owe, confirm the saved card, charge it once, and say
 * what happened. Then the same call for a caller whose card declines.
 */
export interface SampleCallOptions {
  address: string;
  apiKey: string;
  /** Search one account only (e.g. "demo-braintree"); default: every account of the key. */
  accountId?: string;
  /** Where each line goes; the default prints it. */
  say?: (line: string) => void;
}

export interface SampleCallResult {
  payment: Payment;
  elapsedMs: number;
}

export async function sampleCall(phone: string, options: SampleCallOptions): Promise<SampleCallResult> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const call = { apiKey: options.apiKey, deadlineMs: 10_000 };
  const customers = makeClient(CustomerService, options.address);
  const payments = makeClient(PaymentService, options.address);
  const started = performance.now();
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const begin = performance.now();
    const result = await work();
    say(`    [${label}: ${(performance.now() - begin).toFixed(1)} ms]`);
    return result;
  };
  try {
    say(`Caller ID: ${phone}`);
    const found = (await timed('FindCustomers', () => customers.findCustomers({
      query: { case: 'phone', value: phone }, accountId: options.accountId ?? '',
    }, call))).response;
    const customer = found.customers[0];
    if (!customer) throw new Error(`no customer with phone ${phone}`);
    say(`Agent: Hi ${customer.name.split(' ')[0]}, thanks for calling.`);

    const owed = await whatIsOwed(customers, customer.id, call, timed);
    say(`Agent: I see ${owed.invoiceId ? 'an open balance' : 'a charge'} of ${spoken(owed.amount)} for ${owed.description}.`);

    const methods = (await timed('ListPaymentMethods', () => customers.listPaymentMethods({ customerId: customer.id }, call))).response;
    const card = methods.paymentMethods.find((method) => method.isDefault) ?? methods.paymentMethods[0];
    if (!card) throw new Error('no saved card');
    say(`Agent: Shall I charge the ${card.spokenLabel}?`);
    say('Caller: Yes, please.');

    const idempotencyKey = randomUUID();
    const charged = (await timed('Charge', () => payments.charge({
      idempotencyKey, customerId: customer.id, paymentMethodId: card.id, ...chargeOf(owed),
    }, call))).response;
    const payment = charged.payment;
    if (!payment) throw new Error('charge returned no payment');
    say(`Agent: ${payment.callerMessage}`);
    if (payment.status === PaymentStatus.OUTCOME_UNKNOWN) {
      const settled = (await payments.charge({ idempotencyKey, customerId: customer.id, paymentMethodId: card.id, ...chargeOf(owed) }, call)).response;
      if (settled.payment) say(`Agent: ${settled.payment.callerMessage}`);
    }
    return { payment, elapsedMs: performance.now() - started };
  } finally {
    customers.close();
    payments.close();
  }
}

interface Owed {
  amount: MoneyMessage;
  description: string;
  /** Set when the processor keeps invoices and one is open. */
  invoiceId?: string;
}

/** The work order the agent takes the amount from when the processor has no invoices. */
const WORK_ORDER: Owed = {
  amount: create(MoneySchema, { amount: 24_700n, currency: 'USD' }),
  description: 'Plumbing repair, October 14',
};

/**
 * The open invoice when the account's processor keeps invoices (Stripe); otherwise the
 * amount from the work order, as an agent would read it from its own system.
 */
async function whatIsOwed(
  customers: ServiceClient<typeof CustomerService>,
  customerId: string,
  call: ClientCallOptions,
  timed: <T>(label: string, work: () => Promise<T>) => Promise<T>,
): Promise<Owed> {
  try {
    const balance = (await timed('GetBalance', () => customers.getBalance({ customerId }, call))).response;
    const invoice = balance.openInvoices[0];
    if (invoice?.amountDue) return { amount: invoice.amountDue, description: invoice.description, invoiceId: invoice.id };
  } catch (error) {
    if ((error as { code?: number }).code !== grpc.status.UNIMPLEMENTED) throw error;
  }
  return WORK_ORDER;
}

function chargeOf(owed: Owed) {
  return owed.invoiceId ? { invoiceId: owed.invoiceId } : { amount: owed.amount, description: owed.description };
}

function spoken(money: MoneyMessage): string {
  return formatMoney({ amount: Number(money.amount), currency: money.currency });
}

/** Checks Tender answers before the call starts, so a wrong address fails clearly. */
export async function checkReachable(options: SampleCallOptions): Promise<void> {
  const accounts = makeClient(AccountService, options.address);
  try {
    await accounts.listAccounts({}, { apiKey: options.apiKey, deadlineMs: 3000 });
  } finally {
    accounts.close();
  }
}
