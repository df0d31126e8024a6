import type { DirectoryCustomer } from '../../store/customer-directory.js';
import { addStoredPaymentMethod } from './resources/stored-payment-methods.js';
import type { AdyenState } from './state.js';

const DAY = 86_400;

/**
 * The demo people of the Stripe sandbox (src/sandboxes/stripe/seed.ts), same names,
 * numbers and emails, as Tender's customer directory holds them for an Adyen account:
 * Adyen has no customer objects, only shopper references, so the directory entry is
 * Tender's side and its id is the shopper reference the sandbox stores cards under.
 * Seed an Adyen sandbox account's directory with these.
 */
export const ADYEN_DEMO_SHOPPERS = {
  jordan: 'shopper_demo_jordan',
  sam: 'shopper_demo_sam',
  alexHome: 'shopper_demo_alex_home',
  alexWork: 'shopper_demo_alex_work',
  casey: 'shopper_demo_casey',
} as const;

/** Stored card ids, fixed so that documentation and tests can cite them. */
export const ADYEN_DEMO_CARDS = {
  jordanVisa: 'spm_demo_jordan_visa',
  samDeclines: 'spm_demo_sam_visa_declines',
  caseyNeeds3ds: 'spm_demo_casey_3ds',
} as const;

const created = (daysAgo: number): number => Date.now() - daysAgo * DAY * 1000;
const alex = { name: 'Alex Kim', phone: '+14155550142' };

export const ADYEN_DEMO_CUSTOMERS: readonly DirectoryCustomer[] = [
  {
    id: ADYEN_DEMO_SHOPPERS.jordan, name: 'Jordan Rivera', phone: '+14155550123',
    email: 'jordan.rivera@example.com', createdAt: created(60), metadata: {},
  },
  { id: ADYEN_DEMO_SHOPPERS.sam, name: 'Sam Lee', phone: '+14155550188', email: 'sam.lee@example.com', createdAt: created(50), metadata: {} },
  { id: ADYEN_DEMO_SHOPPERS.alexHome, ...alex, email: 'alex@example.com', createdAt: created(40), metadata: {} },
  { id: ADYEN_DEMO_SHOPPERS.alexWork, ...alex, email: 'alex.work@example.com', createdAt: created(30), metadata: {} },
  {
    id: ADYEN_DEMO_SHOPPERS.casey, name: 'Casey Morgan', phone: '+14155550166',
    email: 'casey.morgan@example.com', createdAt: created(20), metadata: {},
  },
];

/**
 * The demo shoppers' stored cards: Jordan's Visa 4242 is approved, Sam's Visa 9995 is
 * refused for NOT_ENOUGH_BALANCE, Casey's Visa 3184 needs 3-D Secure; the Alexes have none.
 */
export function seedDemoData(state: AdyenState): void {
  const now = state.clock.now();
  const card = { brand: 'visa', expiryMonth: 12, expiryYear: 2030 };
  addStoredPaymentMethod(state, {
    ...card, id: ADYEN_DEMO_CARDS.jordanVisa, shopperReference: ADYEN_DEMO_SHOPPERS.jordan,
    lastFour: '4242', holderName: 'APPROVED', createdAt: now - 60 * DAY,
  });
  addStoredPaymentMethod(state, {
    ...card, id: ADYEN_DEMO_CARDS.samDeclines, shopperReference: ADYEN_DEMO_SHOPPERS.sam,
    lastFour: '9995', holderName: 'NOT_ENOUGH_BALANCE', createdAt: now - 50 * DAY,
  });
  addStoredPaymentMethod(state, {
    ...card, id: ADYEN_DEMO_CARDS.caseyNeeds3ds, shopperReference: ADYEN_DEMO_SHOPPERS.casey,
    lastFour: '3184', holderName: 'APPROVED', requiresAuthentication: true, createdAt: now - 20 * DAY,
  });
}
