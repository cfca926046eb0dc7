"""Payments: the gateway between the shop and whoever moves the money.

A layer below orders (as in Oscar and Saleor): it knows sessions, refunds and events,
never orders. Callers hand it typed requests (`types.SessionRequest`) and get typed
results back; money crosses the boundary in integer minor units.

- `types`: the interface's data (requests, sessions, refunds, events, errors, money).
- `gateway`: the functions callers use; picks the backend.
- `stripe_backend`: the only module that imports `stripe`.
- `local_backend`: the local test provider for development without Stripe keys.
"""
