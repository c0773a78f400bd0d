"""The assistance cycle: clusters, sessions that start with ready data, and decisions that become
follow-ups with an owner and a deadline. Sync functions on a Session, shared by the CLI, the
minutes writer and GraphQL (which runs them through ``RequestDB.run_sync``)."""
