"""What the no-configuration demo data (src/sandboxes/stripe/seed.ts) makes Tender
answer, and the small vocabulary the scenario's checks share.

Only seeded ids are written here; ids the server hands out (payment, refund, link,
payment method) are taken from earlier answers, as a real client would.
"""
import uuid

ACCOUNT = "demo-stripe"
JORDAN = f"{ACCOUNT}:cus_demo_jordan"
JORDAN_INVOICE = f"{ACCOUNT}:in_demo_jordan_247"
JORDAN_SUBSCRIPTION = f"{ACCOUNT}:sub_demo_jordan"
SAM_INVOICE = f"{ACCOUNT}:in_demo_sam_89"
BASIC, PLUS = f"{ACCOUNT}:price_basic_monthly", f"{ACCOUNT}:price_plus_monthly"
# A Luhn-valid test card number: the request guard must refuse it in any string field.
CARD_NUMBER = "4242 4242 4242 4242"


class Unmet(Exception):
    """An answer arrived but is not the one the demo data calls for."""


def require(condition, message):
    if not condition:
        raise Unmet(message)


def money(m):
    return f"{m.amount} {m.currency}"


def fresh_key():
    """A new idempotency key: each mutating call here is a new operation."""
    return str(uuid.uuid4())
