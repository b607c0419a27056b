"""The fixture's test command: exit 1 when price.py misbehaves (no boundaries tested)."""

import sys

from price import between, countdown, discounted, label, price_pointer

try:
    assert discounted(200, 10) == 180
    assert countdown(3) == 0
    assert between(5, 1, 10)
    assert label("A") == "code A"
    assert price_pointer() == "/data/attributes/price"
    try:
        discounted(1, 150)
    except ValueError:
        pass
    else:
        raise AssertionError("150 percent accepted")
except (AssertionError, TypeError, ValueError) as error:
    print(f"check failed: {error!r}")
    sys.exit(1)
print("check passed")
