"""`python -m hub.cli` runs the same CLI as `spm-hub`."""

from hub.cli import app

app()
