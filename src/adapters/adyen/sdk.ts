import adyen from '@adyen/api-library';

/**
 * The SDK's runtime values. @adyen/api-library is CommonJS and Node's ESM loader sees
 * only a few of its exports as named ones, so they are read from the default export
 * (module.exports), which holds them all.
 */
export const { CheckoutAPI, Client, Config, EnvironmentEnum, HttpClientException, HttpURLConnectionClient, hmacValidator, Types } = adyen;

const { checkout } = Types;

/**
 * The request enums a stored-card charge needs. The SDK types them as TypeScript
 * enums, which plain strings do not satisfy, so their members are named here once.
 */
export const WIRE = {
  scheme: checkout.CardDetails.TypeEnum.Scheme,
  contAuth: checkout.PaymentRequest.ShopperInteractionEnum.ContAuth,
  unscheduledCardOnFile: checkout.PaymentRequest.RecurringProcessingModelEnum.UnscheduledCardOnFile,
  refundReasons: checkout.PaymentRefundRequest.MerchantRefundReasonEnum,
} as const;
