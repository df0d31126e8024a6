import { randomUUID } from 'node:crypto';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { PaymentStatus } from '../gen/tender/v1/common_pb.js';
import { CustomerService } from '../gen/tender/v1/customers_pb.js';
import { PaymentService, type Payment } from '../gen/tender/v1/payments_pb.js';
import { formatMoney } from '../core/money.js';
import { makeClient } from '../server/client.js';

/**
 * The brief's sample call, made the way a voice agent's backend makes it: identify the
 * caller by phone, read what they owe, confirm the saved card, charge it once, and say
 * what happened. Then the same call for a caller whose card declines.
 */
export interface SampleCallOptions {
  address: string;
  apiKey: string;
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
    const found = (await timed('FindCustomers', () => customers.findCustomers({ query: { case: 'phone', value: phone } }, call))).response;
    const customer = found.customers[0];
    if (!customer) throw new Error(`no customer with phone ${phone}`);
    say(`Agent: Hi ${customer.name.split(' ')[0]}, thanks for calling.`);

    const balance = (await timed('GetBalance', () => customers.getBalance({ customerId: customer.id }, call))).response;
    const invoice = balance.openInvoices[0];
    if (!invoice?.amountDue) throw new Error('no open invoice');
    const due = formatMoney({ amount: Number(invoice.amountDue.amount), currency: invoice.amountDue.currency });
    say(`Agent: I see an open balance of ${due} for ${invoice.description}.`);

    const methods = (await timed('ListPaymentMethods', () => customers.listPaymentMethods({ customerId: customer.id }, call))).response;
    const card = methods.paymentMethods.find((method) => method.isDefault) ?? methods.paymentMethods[0];
    if (!card) throw new Error('no saved card');
    say(`Agent: Shall I charge the ${card.spokenLabel}?`);
    say('Caller: Yes, please.');

    const idempotencyKey = randomUUID();
    const charged = (await timed('Charge', () => payments.charge({
      idempotencyKey, customerId: customer.id, paymentMethodId: card.id, invoiceId: invoice.id,
    }, call))).response;
    const payment = charged.payment;
    if (!payment) throw new Error('charge returned no payment');
    say(`Agent: ${payment.callerMessage}`);
    if (payment.status === PaymentStatus.OUTCOME_UNKNOWN) {
      const settled = (await payments.charge({ idempotencyKey, customerId: customer.id, paymentMethodId: card.id, invoiceId: invoice.id }, call)).response;
      if (settled.payment) say(`Agent: ${settled.payment.callerMessage}`);
    }
    return { payment, elapsedMs: performance.now() - started };
  } finally {
    customers.close();
    payments.close();
  }
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
