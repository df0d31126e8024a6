import { create } from '@bufbuild/protobuf';
import {
  AccountSchema,
  DescribeAccountResponseSchema,
  ListAccountsResponseSchema,
  type AccountService,
  type Account as AccountMessage,
} from '../../gen/tender/v1/accounts_pb.js';
import { Capability, Processor } from '../../gen/tender/v1/common_pb.js';
import { invalidField } from '../../core/errors.js';
import type { ServiceHandlers } from '../../server/bridge.js';
import type { ApiDeps } from '../deps.js';
import { toEnum } from '../mapping/enums.js';
import type { AccountEntry } from '../registry.js';

function accountMessage(account: AccountEntry): AccountMessage {
  return create(AccountSchema, {
    id: account.id,
    processor: toEnum(Processor, account.processor),
    displayName: account.displayName,
    capabilities: [...account.adapter.capabilities].map((capability) => toEnum(Capability, capability)).sort((a, b) => a - b),
    sandbox: account.sandbox,
  });
}

export function accountHandlers(deps: ApiDeps): ServiceHandlers<typeof AccountService> {
  return {
    async listAccounts(_request, call) {
      return create(ListAccountsResponseSchema, {
        accounts: deps.registry.accountsOf(call.principal.tenant).map(accountMessage),
      });
    },
    async describeAccount(request, call) {
      if (request.accountId === '') throw invalidField('account_id', 'required');
      const account = deps.registry.account(call.principal.tenant, 'account_id', request.accountId);
      return create(DescribeAccountResponseSchema, { account: accountMessage(account) });
    },
  };
}
