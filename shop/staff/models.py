"""No models: the staff app only draws the admin and defines the roles.

The module exists so Django sends this app a `post_migrate` signal (it skips apps
without a models module), which is where the roles are kept complete.
"""
