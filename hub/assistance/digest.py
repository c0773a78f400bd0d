"""The weekly rhythm: overdue lists per owner, region, cluster and province, and the digest of a
cluster or a region for the week of a date (due this week, overdue, done), as rows, XLSX and a
printable HTML page.

The week runs Monday to Sunday. On day ``on``: *due* lists the follow-ups still open whose deadline
falls between ``on`` and Sunday; *overdue* those still open whose deadline was before ``on``; *done*
those done between Monday and ``on``. Only sessions held by ``on`` count.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from sqlmodel import Session, col, select

from hub import models
from hub.access.caller import Caller
from hub.assistance.clusters import clusters_of_region, get_cluster, members_on
from hub.assistance.followups import days_late, follow_ups, is_open_on, is_overdue
from hub.assistance.rules import province_of, require_reader, require_region_reader
from hub.core.errors import BadInput, PermissionDenied
from hub.core.vocabulary import FollowUpStatus

GROUPINGS = ("owner", "region", "cluster", "province")


@dataclass(frozen=True)
class FollowUpLine:
    """One follow-up as a digest or overdue list shows it."""

    id: int
    session_id: int
    session_title: str
    decision_number: int
    action: str
    owner_region_code: str
    owner_region_name: str
    owner_opd: str
    owner_role: str
    due_on: date
    status: str  # as of the digest's date
    closed_on: date | None
    days_late: int
    escalated_on: date | None

    @property
    def owner(self) -> str:
        """The owner as people name it: OPD, role, region."""
        return f"{self.owner_opd} ({self.owner_role}), {self.owner_region_name}"


@dataclass(frozen=True)
class Digest:
    """A cluster's or region's week."""

    scope: str
    on: date
    week_start: date
    week_end: date
    due: list[FollowUpLine]
    overdue: list[FollowUpLine]
    done: list[FollowUpLine]


@dataclass(frozen=True)
class OverdueGroup:
    """The overdue follow-ups of one owner, region, cluster or province."""

    key: str
    label: str
    follow_ups: list[FollowUpLine]


def week_of(on: date) -> tuple[date, date]:
    """Monday and Sunday of the week of ``on``."""
    start = on - timedelta(days=on.weekday())
    return start, start + timedelta(days=6)


def lines(session: Session, rows: Sequence[models.FollowUp], on: date) -> list[FollowUpLine]:
    """Follow-ups with their session, decision and owner names, as of ``on``."""
    session_ids = {row.session_id for row in rows}
    titles = dict(
        session.exec(
            select(models.AssistanceSession.id, models.AssistanceSession.title).where(
                col(models.AssistanceSession.id).in_(session_ids)
            )
        ).all()
    )
    numbers = dict(
        session.exec(
            select(models.Decision.id, models.Decision.number).where(
                col(models.Decision.id).in_({row.decision_id for row in rows})
            )
        ).all()
    )
    names = dict(
        session.exec(
            select(models.Region.code, models.Region.name).where(
                col(models.Region.code).in_({row.owner_region_code for row in rows})
            )
        ).all()
    )
    return [
        FollowUpLine(
            id=row.id or 0,
            session_id=row.session_id,
            session_title=titles.get(row.session_id, ""),
            decision_number=numbers.get(row.decision_id, 0),
            action=row.action,
            owner_region_code=row.owner_region_code,
            owner_region_name=names.get(row.owner_region_code, row.owner_region_code),
            owner_opd=row.owner_opd,
            owner_role=row.owner_role,
            due_on=row.due_on,
            status=_status_on(row, on),
            closed_on=row.closed_on if row.closed_on and row.closed_on <= on else None,
            days_late=days_late(row, on),
            escalated_on=row.escalated_on if row.escalated_on and row.escalated_on <= on else None,
        )
        for row in rows
    ]


def _status_on(row: models.FollowUp, on: date) -> str:
    """The status on ``on``: ``overdue`` when open past the deadline; a follow-up closed later was open then."""
    if not is_open_on(row, on):
        return row.status
    if is_overdue(row, on):
        return "overdue"
    return row.status if row.closed_on is None else FollowUpStatus.OPEN


def digest_of(session: Session, rows: Sequence[models.FollowUp], scope: str, on: date) -> Digest:
    """The week of ``on`` for these follow-ups."""
    start, end = week_of(on)
    due = [row for row in rows if is_open_on(row, on) and on <= row.due_on <= end]
    overdue = [row for row in rows if is_overdue(row, on)]
    done = [
        row
        for row in rows
        if row.status == FollowUpStatus.DONE and row.closed_on is not None and start <= row.closed_on <= on
    ]
    return Digest(scope, on, start, end, lines(session, due, on), lines(session, overdue, on), lines(session, done, on))


def cluster_digest(session: Session, caller: Caller, cluster_id: int, on: date) -> Digest:
    """The digest of a cluster: the follow-ups owned by its members on ``on``.

    Raises:
        NotFound: no such cluster.
        PermissionDenied: a region token, or another province.
    """
    cluster = get_cluster(session, cluster_id)
    require_cluster_reader(caller, cluster)
    members = [member.region_code for member in members_on(session, cluster_id, on)]
    rows = follow_ups(session, caller, region_codes=members, held_by=on)
    return digest_of(session, rows, f"Klaster {cluster.name}", on)


def require_cluster_reader(caller: Caller, cluster: models.Cluster) -> None:
    """Raise unless the caller is the ministry or the cluster's province.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: a region token, or another province.
    """
    require_reader(caller)
    if caller.role == "ministry" or (caller.role == "province" and caller.region_code == cluster.province_code):
        return
    raise PermissionDenied(f"Cluster {cluster.name} is for province {cluster.province_code} and the ministry.")


def region_digest(session: Session, caller: Caller, region_code: str, on: date) -> Digest:
    """The digest of one region's own follow-ups.

    Raises:
        PermissionDenied: another region's.
    """
    require_region_reader(caller, region_code)
    region = session.get(models.Region, region_code)
    rows = follow_ups(session, caller, region_codes=[region_code], held_by=on)
    return digest_of(session, rows, region.name if region else region_code, on)


def overdue_groups(session: Session, caller: Caller, on: date, by: str = "region") -> list[OverdueGroup]:
    """The follow-ups overdue on ``on`` that ``caller`` may read, grouped ``by`` owner, region,
    cluster (of the owner region on that date) or province, most late first within a group.

    Raises:
        BadInput: an unknown grouping.
    """
    if by not in GROUPINGS:
        raise BadInput(f"by must be one of {', '.join(GROUPINGS)}.")
    rows = [row for row in follow_ups(session, caller, held_by=on) if is_overdue(row, on)]
    groups: dict[tuple[str, str], list[FollowUpLine]] = defaultdict(list)
    cluster_cache: dict[str, list[models.Cluster]] = {}
    for line in lines(session, rows, on):
        for key in _keys(session, line, by, on, cluster_cache):
            groups[key].append(line)
    return [
        OverdueGroup(key, label, sorted(items, key=lambda line: (-line.days_late, line.id)))
        for (key, label), items in sorted(groups.items())
    ]


def _keys(
    session: Session, line: FollowUpLine, by: str, on: date, cache: dict[str, list[models.Cluster]]
) -> list[tuple[str, str]]:
    if by == "owner":
        return [(f"{line.owner_region_code}/{line.owner_opd}/{line.owner_role}", line.owner)]
    if by == "region":
        return [(line.owner_region_code, line.owner_region_name)]
    if by == "province":
        code = province_of(line.owner_region_code)
        province = session.get(models.Region, code)
        return [(code, province.name if province else code)]
    if line.owner_region_code not in cache:
        cache[line.owner_region_code] = clusters_of_region(session, line.owner_region_code, on)
    found = cache[line.owner_region_code]
    return [(str(cluster.id), cluster.name) for cluster in found] or [("-", "(tanpa klaster)")]


SECTIONS = (("due", "Jatuh tempo minggu ini"), ("overdue", "Terlambat"), ("done", "Selesai minggu ini"))
HEADERS = ("ID", "Sesi", "No. Keputusan", "Tindak Lanjut", "Wilayah", "OPD", "Peran", "Batas Waktu", "Status")
HEADERS_END = ("Hari Terlambat", "Dieskalasi")


def _cells(line: FollowUpLine) -> list[object]:
    return [
        line.id,
        line.session_title,
        line.decision_number,
        line.action,
        line.owner_region_name,
        line.owner_opd,
        line.owner_role,
        line.due_on,
        line.status,
        line.days_late,
        line.escalated_on,
    ]


def digest_xlsx(digest: Digest) -> bytes:
    """The digest as a workbook: one sheet per section, with a title row saying scope and week."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, title in SECTIONS:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([f"{digest.scope}: {title}, minggu {digest.week_start} s.d. {digest.week_end} (per {digest.on})"])
        sheet["A1"].font = Font(bold=True)
        sheet.append([*HEADERS, *HEADERS_END])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for line in getattr(digest, name):
            sheet.append(_cells(line))
        for column, width in zip("ABCDEFGHIJK", (6, 28, 8, 48, 22, 22, 22, 12, 12, 8, 12), strict=True):
            sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
h1 {{ font-size: 16pt; margin-bottom: 0; }} h2 {{ font-size: 13pt; margin-top: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #eee; }} .late {{ color: #a00; font-weight: bold; }} .none {{ color: #666; font-style: italic; }}
@media print {{ body {{ margin: 0; }} h2 {{ page-break-after: avoid; }} tr {{ page-break-inside: avoid; }} }}
</style></head><body>
<h1>{title}</h1><p>Minggu {start} s.d. {end}, keadaan per {on}.
Jatuh tempo: {due_count} &middot; Terlambat: {overdue_count} &middot; Selesai: {done_count}</p>
{sections}
</body></html>
"""


def digest_html(digest: Digest) -> str:
    """The digest as a self-contained printable page (no external assets)."""
    parts = []
    for name, title in SECTIONS:
        items: list[FollowUpLine] = getattr(digest, name)
        parts.append(f"<h2>{html.escape(title)} ({len(items)})</h2>")
        if not items:
            parts.append('<p class="none">Tidak ada.</p>')
            continue
        head = "".join(f"<th>{html.escape(h)}</th>" for h in (*HEADERS, *HEADERS_END))
        body = []
        for line in items:
            cells = ["" if value is None else str(value) for value in _cells(line)]
            late = ' class="late"' if line.days_late else ""
            body.append(f"<tr{late}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return PAGE.format(
        title=html.escape(f"Ringkasan mingguan tindak lanjut: {digest.scope}"),
        start=digest.week_start,
        end=digest.week_end,
        on=digest.on,
        due_count=len(digest.due),
        overdue_count=len(digest.overdue),
        done_count=len(digest.done),
        sections="\n".join(parts),
    )
