"""The store: engines and sessions (``engine``), Alembic migrations (``migrate``) and the per-request
async handle (``request``)."""
