"""GraphiQL served from assets inside the package (``hub/api/static/graphiql``, see its SOURCE.md), so
the IDE works on an intranet or an air-gapped office. It opens with one tab per example query of the
README (the one copy of them, also run by the docs test), with the ``Authorization`` header prefilled
when the page was opened with ``?token=`` (the demo prints such a link) or earlier in this browser tab.
"""

from __future__ import annotations

import html
import json
import textwrap
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from hub.core.markdown import fenced_blocks

STATIC_DIR = Path(__file__).parent / "static"
EXAMPLES_HEADING = "Example queries"
_README = Path(__file__).resolve().parents[2] / "README.md"


def _readme() -> str:
    """The README of this checkout, or the copy an installed package carries as its long description."""
    if _README.is_file():
        return _README.read_text(encoding="utf-8")
    try:
        return metadata.metadata("spm-hub").get_payload() or ""  # type: ignore[attr-defined]
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def example_queries() -> list[str]:
    """The README's example queries, each headed by a comment: the sentence that introduces it."""
    queries = []
    for block in fenced_blocks(_readme()):
        if block.language == "graphql" and block.heading.startswith(EXAMPLES_HEADING):
            sentence = block.intro.split(". ")[0].rstrip(":.")
            comment = "\n".join("# " + line for line in textwrap.wrap(sentence, 96))
            queries.append(f"{comment}\n{block.code}\n" if comment else block.code + "\n")
    return queries


_PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>SPM Hub GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>
  html, body {{ height: 100%; margin: 0; font-family: system-ui, sans-serif; }}
  body {{ display: flex; flex-direction: column; }}
  #help {{ padding: 6px 12px; font-size: 13px; background: #f3f6fa; border-bottom: 1px solid #d9e1ea; }}
  #help p {{ margin: 2px 0; }}
  #graphiql {{ flex: 1; min-height: 0; }}
</style>
</head>
<body>
<div id="help">
  <p lang="id"><b>SPM Hub.</b> Tiap tab berisi contoh kueri pada data demo; tekan &#9654; untuk menjalankannya.
  Data anggaran, tautan dan capaian yang belum dipublikasikan memerlukan token: tulis
  <code>{{"Authorization": "Bearer spmhub_..."}}</code> di panel <i>Headers</i> di bawah
  (terisi otomatis bila halaman dibuka dari tautan <code>?token=</code> yang dicetak oleh
  <code>spm-hub demo</code>).</p>
  <p lang="en">Each tab holds an example query on the demo data; press &#9654; to run it. Budget, links and
  unpublished achievement need a token in the <i>Headers</i> pane below (filled in when the page is opened
  from the <code>?token=</code> link that <code>spm-hub demo</code> prints). Docs: {docs}.</p>
</div>
<div id="graphiql">Memuat GraphiQL... / Loading GraphiQL...</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
  const EXAMPLES = {examples};
  const KEY = "spmhub.token";
  const params = new URLSearchParams(window.location.search);
  const given = params.get("token");
  if (given) {{
    sessionStorage.setItem(KEY, given);
    params.delete("token");  // keep the secret out of the address bar and the history
    const rest = params.toString();
    history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : ""));
  }}
  const token = sessionStorage.getItem(KEY);
  const headers = token ? JSON.stringify({{Authorization: "Bearer " + token}}, null, 2) : "";
  const tabs = EXAMPLES.map((query) => ({{query, headers}}));
  const fetcher = GraphiQL.createFetcher({{url: window.location.pathname}});
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {{
      fetcher,
      defaultTabs: tabs.length ? tabs : undefined,
      defaultHeaders: headers || undefined,
      defaultEditorToolsVisibility: "headers",
      storage: sessionStorage,
    }})
  );
</script>
</body>
</html>
"""


def graphiql_page() -> str:
    """The GraphiQL HTML page (assets under ``/graphiql/``)."""
    examples = json.dumps(example_queries()).replace("</", "<\\/")  # never closes the script element
    docs = html.escape("README.md, docs/graphql.md, docs/security.md")
    return _PAGE.format(examples=examples, docs=docs)
