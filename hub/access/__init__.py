"""Who may do what: callers, API tokens and the role and row rules every entry point applies."""
