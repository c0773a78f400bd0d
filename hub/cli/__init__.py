"""The `spm-hub` command line: one typer app, one sub-app per area (each in its own module)."""

from __future__ import annotations

import typer

from hub.cli import (
    assistance,
    budget,
    cycle,
    db,
    ingest,
    links,
    quarantine,
    reference,
    schema,
    serve,
    tokens,
    workbench,
)

app = typer.Typer(
    help="SPM Hub: integrate SPM catalogue, nomenclature, budget, achievement and education data, "
    "and serve them over GraphQL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(assistance.app, name="assistance")
app.add_typer(budget.app, name="budget")
app.add_typer(quarantine.app, name="quarantine")
app.add_typer(reference.catalogue_app, name="catalogue")
app.add_typer(reference.regions_app, name="regions")
app.add_typer(links.app, name="links")
app.add_typer(links.nomenclature_app, name="nomenclature")
app.add_typer(schema.app, name="schema")
app.add_typer(tokens.app, name="token")
app.add_typer(cycle.app, name="cycle")
app.command("serve")(serve.serve)
app.command("demo")(serve.demo)
app.command("ingest")(ingest.ingest_command)
app.command("runs")(ingest.runs_command)
app.command("need")(workbench.need_command)
app.command("budget-per-recipient")(workbench.budget_command)
