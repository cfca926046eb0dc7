"""The demo steps that span apps: demo users for every role and paid demo orders.

Each app's own demo content (pages, products, snippets) stays in that app's `demo`
package; `config/management/commands/load_demo.py` runs them all in order.
"""
