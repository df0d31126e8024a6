/**
 * Customers Tender keeps itself, for processors that have no customer objects (Adyen
 * knows a shopper only by the reference the merchant sends). Tender holds name, phone
 * and email so that FindCustomers works the same for every processor. No card data:
 * the processor keeps the stored payment methods under the shopper reference.
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

export interface CustomerDirectory {
  /** Creates or replaces the customer and its phone and email index entries. */
  put(accountId: string, customer: DirectoryCustomer): Promise<void>;
  get(accountId: string, customerId: string): Promise<DirectoryCustomer | undefined>;
  /** Every customer of the account with exactly this E.164 number. */
  findByPhone(accountId: string, phone: string): Promise<DirectoryCustomer[]>;
  /** Every customer of the account with this email, compared case-insensitively. */
  findByEmail(accountId: string, email: string): Promise<DirectoryCustomer[]>;
}
