"""The money half of the scenario: charge, replay, refund, read, payment link, a
declined invoice payment, then plans and the subscription's changes."""
import time

from expectations import BASIC, JORDAN_INVOICE, JORDAN_SUBSCRIPTION, PLUS, SAM_INVOICE, fresh_key, money, require

LINK_LIFETIME_S = 3600


def payment_calls(ctx):
    p, common = ctx.stubs.payments, ctx.stubs.common
    status = common.PaymentStatus.Name
    charge = p.ChargeRequest(idempotency_key=fresh_key(), customer_id=ctx.jordan, description="Interoperability check",
                             amount=common.Money(amount=1500, currency="USD"), metadata={"client": "python"})

    def charged(r, _):
        require(r.payment.status == common.PAYMENT_STATUS_SUCCEEDED, f"status {status(r.payment.status)}")
        require(money(r.payment.amount) == "1500 USD" and r.payment.confirmation_code, "amount or confirmation code")
        require(r.payment.payment_method_id == ctx.visa, f"charged {r.payment.payment_method_id}, default is {ctx.visa}")
        ctx.payment = r.payment.id
        return f"{r.payment.id} {status(r.payment.status)} {r.payment.confirmation_code}"
    ctx.caller.ok("PaymentService.Charge", ctx.payments.Charge, charge, charged)

    def replayed(r, call):
        require(r.payment.id == ctx.payment, f"replay answered {r.payment.id}, first was {ctx.payment}")
        require(dict(call.initial_metadata()).get("idempotent-replayed") == "true", "no idempotent-replayed header")
        return "same payment, idempotent-replayed: true"
    ctx.caller.ok("PaymentService.Charge#replay", ctx.payments.Charge, charge, replayed)

    def refunded(r, _):
        x = r.refund
        require(x.payment_id == ctx.payment and money(x.amount) == "500 USD", f"refund of {x.payment_id}: {money(x.amount)}")
        require(x.status in (p.REFUND_STATUS_SUCCEEDED, p.REFUND_STATUS_PENDING), f"status {p.RefundStatus.Name(x.status)}")
        return f"{money(x.amount)} {p.RefundStatus.Name(x.status)}"
    ctx.caller.ok("PaymentService.RefundPayment", ctx.payments.RefundPayment, p.RefundPaymentRequest(
        idempotency_key=fresh_key(), payment_id=ctx.payment, amount=common.Money(amount=500, currency="USD"),
        reason=p.REFUND_REASON_REQUESTED_BY_CUSTOMER), refunded)

    def read(r, _):
        require(r.payment.id == ctx.payment and r.payment.status == common.PAYMENT_STATUS_SUCCEEDED, f"payment {r.payment}")
        require(money(r.payment.amount_refunded) == "500 USD", f"amount_refunded {money(r.payment.amount_refunded)}")
        return f"{status(r.payment.status)}, {money(r.payment.amount_refunded)} refunded"
    ctx.caller.ok("PaymentService.GetPayment", ctx.payments.GetPayment, p.GetPaymentRequest(payment_id=ctx.payment), read)

    def link_created(r, _):
        x = r.payment_link
        require(x.url.startswith("http") and x.status == p.PAYMENT_LINK_STATUS_OPEN, f"link {x.url!r} {x.status}")
        require(money(x.amount) == "24700 USD" and x.invoice_id == JORDAN_INVOICE, f"link for {x.invoice_id}: {money(x.amount)}")
        lifetime = x.expires_at.seconds - time.time()
        require(abs(lifetime - LINK_LIFETIME_S) < 120, f"expires in {lifetime:.0f} s, asked {LINK_LIFETIME_S}")
        ctx.link = x.id
        return f"{x.id[:40]}... {money(x.amount)}"
    ctx.caller.ok("PaymentService.CreatePaymentLink", ctx.payments.CreatePaymentLink, p.CreatePaymentLinkRequest(
        idempotency_key=fresh_key(), customer_id=ctx.jordan, invoice_id=JORDAN_INVOICE,
        expires_in=ctx.stubs.duration.Duration(seconds=LINK_LIFETIME_S)), link_created)

    def link_read(r, _):
        require(r.payment_link.id == ctx.link and r.payment_link.status == p.PAYMENT_LINK_STATUS_OPEN, f"link {r.payment_link}")
        return p.PaymentLinkStatus.Name(r.payment_link.status)
    ctx.caller.ok("PaymentService.GetPaymentLink", ctx.payments.GetPaymentLink,
                  p.GetPaymentLinkRequest(payment_link_id=ctx.link), link_read)

    def declined(r, _):
        x = r.payment
        require(x.status == common.PAYMENT_STATUS_DECLINED and x.invoice_id == SAM_INVOICE, f"{status(x.status)} {x.invoice_id}")
        require(x.decline.reason == common.DECLINE_REASON_INSUFFICIENT_FUNDS, f"reason {x.decline.reason}")
        require("insufficient" not in x.caller_message.lower(), "caller_message names the processor's reason")
        return f"DECLINED {common.DeclineReason.Name(x.decline.reason)}"
    ctx.caller.ok("PaymentService.PayInvoice", ctx.payments.PayInvoice,
                  p.PayInvoiceRequest(idempotency_key=fresh_key(), invoice_id=SAM_INVOICE), declined)


def subscription_calls(ctx):
    s = ctx.stubs.subscriptions

    def plans(r, _):
        ids = [x.id for x in r.plans]
        basic = [(money(x.amount), x.interval) for x in r.plans if x.id == BASIC]
        require(PLUS in ids and basic == [("1900 USD", s.BILLING_INTERVAL_MONTH)], f"plans {list(r.plans)}")
        return ", ".join(ids)
    ctx.caller.ok("SubscriptionService.ListPlans", ctx.subscriptions.ListPlans, s.ListPlansRequest(), plans)

    def listed(r, _):
        found = [(x.id, x.plan.id, x.status) for x in r.subscriptions]
        require(found == [(JORDAN_SUBSCRIPTION, BASIC, s.SUBSCRIPTION_STATUS_ACTIVE)], f"subscriptions {list(r.subscriptions)}")
        return f"{JORDAN_SUBSCRIPTION} on {BASIC}"
    ctx.caller.ok("SubscriptionService.ListSubscriptions", ctx.subscriptions.ListSubscriptions,
                  s.ListSubscriptionsRequest(customer_id=ctx.jordan), listed)

    def on_plus(r, _):
        require(r.subscription.id == JORDAN_SUBSCRIPTION and r.subscription.plan.id == PLUS, f"plan {r.subscription.plan.id}")
        return f"now on {PLUS}"
    ctx.caller.ok("SubscriptionService.ChangeSubscriptionPlan", ctx.subscriptions.ChangeSubscriptionPlan,
                  s.ChangeSubscriptionPlanRequest(idempotency_key=fresh_key(), subscription_id=JORDAN_SUBSCRIPTION,
                                                  plan_id=PLUS, proration=s.PRORATION_PRORATE), on_plus)

    def paid_with(r, _):
        require(ctx.visa and r.subscription.payment_method_id == ctx.visa, f"payment method {r.subscription.payment_method_id!r}")
        return f"pays with {ctx.visa}"
    ctx.caller.ok("SubscriptionService.UpdateSubscriptionPaymentMethod", ctx.subscriptions.UpdateSubscriptionPaymentMethod,
                  s.UpdateSubscriptionPaymentMethodRequest(idempotency_key=fresh_key(), subscription_id=JORDAN_SUBSCRIPTION,
                                                           payment_method_id=ctx.visa), paid_with)

    def canceling(r, _):
        x = r.subscription
        require(x.cancel_at_period_end and x.status == s.SUBSCRIPTION_STATUS_ACTIVE, f"subscription {x}")
        require(x.plan.id == PLUS and x.current_period_end.seconds > time.time(), "plan or period end")
        return "active until the period ends"
    ctx.caller.ok("SubscriptionService.CancelSubscription", ctx.subscriptions.CancelSubscription,
                  s.CancelSubscriptionRequest(idempotency_key=fresh_key(), subscription_id=JORDAN_SUBSCRIPTION,
                                              timing=s.CANCEL_TIMING_AT_PERIOD_END), canceling)
