class CommentActionError(Exception):
    """A moderation action that cannot be done now; the message says why."""
