/**
 * Customers Tender keeps itself, for processors that have no customer objects (Adyen
 * knows a shopper only by the reference the merchant sends). Tender holds name, phone
 * and email so that FindCustomers works the same for every processor.
 *
 * The directory never holds card data: no card number, CVC, last four, expiry or
 * processor token. The processor keeps the stored payment methods under the shopper
 * reference. Both implementations keep only the fields below and refuse any other field,
 * and any string that looks like a card number, with invalid_argument
 * (directory-rules.ts).
 */
export interface DirectoryCustomer {
  /** The shopper reference Tender generated; also the customer's local id. */
  id: string;
  name: string;
  email: string;
  /** E.164 or empty. */
  phone: string;
  /** Epoch milliseconds. */
  createdAt: number;
  metadata: Record<string, string>;
}

/**
 * Per account (the processor account the customers belong to). Lookups return customers
 * oldest first, then by id; a lookup for an empty phone or email finds nothing. Every
 * method rejects with TenderError 'unavailable' when the backing store cannot be reached,
 * and with 'invalid_argument' for an empty account or customer id.
 */
export interface CustomerDirectory {
  /** Creates or replaces the customer and its phone and email index entries, atomically. */
  put(accountId: string, customer: DirectoryCustomer): Promise<void>;
  get(accountId: string, customerId: string): Promise<DirectoryCustomer | undefined>;
  /** Every customer of the account with exactly this E.164 number. */
  findByPhone(accountId: string, phone: string): Promise<DirectoryCustomer[]>;
  /** Every customer of the account with this email, compared case-insensitively. */
  findByEmail(accountId: string, email: string): Promise<DirectoryCustomer[]>;
}
