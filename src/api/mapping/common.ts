import { create } from '@bufbuild/protobuf';
import { timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { MoneySchema, type Money as MoneyMessage } from '../../gen/tender/v1/common_pb.js';
import type { Money } from '../../core/types.js';

export function moneyMessage(money: Money): MoneyMessage {
  return create(MoneySchema, { amount: BigInt(money.amount), currency: money.currency });
}

export function timestamp(date: Date | undefined): Timestamp | undefined {
  return date === undefined ? undefined : timestampFromDate(date);
}
