import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import type { SandboxPlan } from '../records.js';
import { XmlArray, type XmlObject } from '../xml.js';
import { decimal } from './transaction-xml.js';

/** GET /plans: every plan, as `<plans type="array">` (the SDK's plan.all() returns the array). */
export function listPlans(call: ApiCall): ApiResult {
  return answer('plans', new XmlArray('plan', [...call.state.plans.values()].map(renderPlan)));
}

export function renderPlan(plan: SandboxPlan): XmlObject {
  return {
    id: plan.id,
    'merchant-id': null,
    name: plan.name,
    description: plan.description,
    price: decimal(plan.price, plan.currency),
    'currency-iso-code': plan.currency,
    'billing-frequency': plan.billingFrequency,
    'billing-day-of-month': null,
    'number-of-billing-cycles': plan.numberOfBillingCycles,
    'trial-period': false,
    'trial-duration': null,
    'trial-duration-unit': null,
    'created-at': plan.createdAt,
    'updated-at': plan.createdAt,
    'add-ons': new XmlArray('add-on', []),
    discounts: new XmlArray('discount', []),
  };
}
