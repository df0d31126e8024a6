"""The calls client.py makes, in the order an agent makes them on a phone call: health,
who is calling, what they owe, the money moves (billing_calls.py), the accounts, and two
calls Tender must refuse. What each answer must be is in expectations.py.
"""
import types
import uuid

import grpc

from billing_calls import payment_calls, subscription_calls
from expectations import ACCOUNT, CARD_NUMBER, JORDAN, JORDAN_INVOICE, fresh_key, money, require


def run(stubs, channel, caller):
    ctx = types.SimpleNamespace(
        stubs=stubs, caller=caller, jordan=JORDAN, visa="", payment="", link="",
        health=stubs.health.HealthStub(channel),
        customers=stubs.customers.CustomerServiceStub(channel),
        payments=stubs.payments.PaymentServiceStub(channel),
        subscriptions=stubs.subscriptions.SubscriptionServiceStub(channel),
        accounts=stubs.accounts.AccountServiceStub(channel),
    )
    for calls in (health_calls, customer_calls, payment_calls, subscription_calls, account_calls, refusal_calls):
        calls(ctx)


def health_calls(ctx):
    h = ctx.stubs.health

    def serving(r, _):
        require(r.status == h.HealthCheckResponse.SERVING, f"status {r.status}")
        return "SERVING"
    # Load balancers probe without credentials, so health must answer without a key.
    ctx.caller.ok("grpc.health.v1.Health.Check", ctx.health.Check, h.HealthCheckRequest(service=""), serving, metadata=())


def customer_calls(ctx):
    c, common = ctx.stubs.customers, ctx.stubs.common

    def found(r, _):
        require([x.id for x in r.customers] == [JORDAN], f"customers {[x.id for x in r.customers]}")
        require(r.normalized_phone == "+14155550123", f"normalized_phone {r.normalized_phone!r}")
        return f"{JORDAN} as {r.normalized_phone}"
    response = ctx.caller.ok("CustomerService.FindCustomers", ctx.customers.FindCustomers,
                             c.FindCustomersRequest(phone="(415) 555-0123", account_id=ACCOUNT), found)
    if response and response.customers:
        ctx.jordan = response.customers[0].id

    def jordan(r, _):
        x = r.customer
        require((x.name, x.phone, x.processor) == ("Jordan Rivera", "+14155550123", common.PROCESSOR_STRIPE), f"customer {x}")
        require(x.created_at.seconds > 0, "no created_at")
        return x.name
    ctx.caller.ok("CustomerService.GetCustomer", ctx.customers.GetCustomer, c.GetCustomerRequest(customer_id=ctx.jordan), jordan)

    def methods(r, _):
        default = [m for m in r.payment_methods if m.is_default]
        require([(m.brand, m.last4) for m in default] == [("visa", "4242")], f"methods {list(r.payment_methods)}")
        ctx.visa = default[0].id
        return default[0].spoken_label
    ctx.caller.ok("CustomerService.ListPaymentMethods", ctx.customers.ListPaymentMethods,
                  c.ListPaymentMethodsRequest(customer_id=ctx.jordan), methods)

    def balance(r, _):
        require([i.id for i in r.open_invoices] == [JORDAN_INVOICE], f"open invoices {[i.id for i in r.open_invoices]}")
        require([money(m) for m in r.total_due] == ["24700 USD"], f"total_due {[money(m) for m in r.total_due]}")
        return f"due {money(r.total_due[0])}"
    ctx.caller.ok("CustomerService.GetBalance", ctx.customers.GetBalance, c.GetBalanceRequest(customer_id=ctx.jordan), balance)

    def created(r, _):
        x = r.customer
        require(x.id.startswith(f"{ACCOUNT}:") and x.phone == "+14155550199", f"customer {x.id} {x.phone}")
        require(dict(x.metadata) == {"source": "interop"}, f"metadata {dict(x.metadata)}")
        return x.id
    ctx.caller.ok("CustomerService.CreateCustomer", ctx.customers.CreateCustomer, c.CreateCustomerRequest(
        idempotency_key=fresh_key(), name="Riley Interop", email=f"riley.{uuid.uuid4().hex[:8]}@example.com",
        phone="415-555-0199", metadata={"source": "interop"}), created)


def account_calls(ctx):
    a, common = ctx.stubs.accounts, ctx.stubs.common

    def listed(r, _):
        found = [(x.id, x.processor, x.sandbox) for x in r.accounts]
        require(found[0] == (ACCOUNT, common.PROCESSOR_STRIPE, True), f"accounts {list(r.accounts)}")
        require(all(sandbox for _, _, sandbox in found), f"accounts {list(r.accounts)}")
        return ACCOUNT
    ctx.caller.ok("AccountService.ListAccounts", ctx.accounts.ListAccounts, a.ListAccountsRequest(), listed)

    def described(r, _):
        wanted = {common.CAPABILITY_CUSTOMER_SEARCH_PHONE, common.CAPABILITY_PAY_INVOICE, common.CAPABILITY_PARTIAL_REFUND}
        require(r.account.id == ACCOUNT and wanted <= set(r.account.capabilities), f"capabilities {list(r.account.capabilities)}")
        return f"{len(r.account.capabilities)} capabilities"
    ctx.caller.ok("AccountService.DescribeAccount", ctx.accounts.DescribeAccount,
                  a.DescribeAccountRequest(account_id=ACCOUNT), described)


def refusal_calls(ctx):
    p, a, common = ctx.stubs.payments, ctx.stubs.accounts, ctx.stubs.common

    def card_refused(error):
        require("4242" not in error.details(), "the details echo the card number")
        field = dict(error.trailing_metadata() or ()).get("tender-field")
        require(field == "description", f"tender-field trailer {field!r}")
        return error.details()
    ctx.caller.fails("PaymentService.Charge#card-number", ctx.payments.Charge, p.ChargeRequest(
        idempotency_key=fresh_key(), customer_id=ctx.jordan, amount=common.Money(amount=100, currency="USD"),
        description=f"card {CARD_NUMBER}"), grpc.StatusCode.INVALID_ARGUMENT, card_refused)

    bad_key = f"not-a-key-{uuid.uuid4().hex}"

    def key_refused(error):
        require(bad_key not in error.details(), "the details echo the API key")
        return error.details()
    ctx.caller.fails("AccountService.ListAccounts#bad-key", ctx.accounts.ListAccounts, a.ListAccountsRequest(),
                     grpc.StatusCode.UNAUTHENTICATED, key_refused, metadata=(("authorization", f"Bearer {bad_key}"),))
