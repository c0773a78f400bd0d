"""Clusters: a province groups its kabupaten/kota (e.g. Timor and Sumba in NTT). Membership is dated,
so a region may move between clusters over time and past digests still count the members of then."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, or_, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller
from hub.assistance.audit import snapshot
from hub.assistance.rules import province_of, require_cluster_manager
from hub.core.errors import BadInput, Conflict, NotFound


def get_cluster(session: Session, cluster_id: int) -> models.Cluster:
    """The cluster ``cluster_id``.

    Raises:
        NotFound: no such cluster.
    """
    cluster = session.get(models.Cluster, cluster_id)
    if cluster is None:
        raise NotFound(f"No cluster with id {cluster_id}.")
    return cluster


def create_cluster(
    session: Session, caller: Caller, *, province_code: str, name: str, description: str | None = None
) -> models.Cluster:
    """A new cluster of ``province_code`` (province token of that province).

    Raises:
        PermissionDenied: not that province's token.
        NotFound: unknown province.
        Conflict: the province already has a cluster of that name.
    """
    require_cluster_manager(caller, province_code)
    province = session.get(models.Region, province_code)
    if province is None or province.government_level != "PROV":
        raise NotFound(f"{province_code!r} is not a province code.")
    name = name.strip()
    if not name:
        raise BadInput("A cluster needs a name.")
    clash = session.exec(
        select(models.Cluster).where(models.Cluster.province_code == province_code, models.Cluster.name == name)
    ).first()
    if clash is not None:
        raise Conflict(f"Province {province_code} already has a cluster named {name!r} (id {clash.id}).")
    cluster = models.Cluster(province_code=province_code, name=name, description=description)
    session.add(cluster)
    session.flush()
    session.add(
        audit_record(caller, "create", "cluster", str(cluster.id), region_code=province_code, after=snapshot(cluster))
    )
    return cluster


def add_member(
    session: Session, caller: Caller, cluster_id: int, region_code: str, *, since: date
) -> models.ClusterMember:
    """Put a kabupaten/kota of the cluster's province in the cluster from ``since``.

    Raises:
        PermissionDenied: not the cluster's province.
        BadInput: not a kabupaten/kota of that province.
        Conflict: already a member on that date.
    """
    cluster = get_cluster(session, cluster_id)
    require_cluster_manager(caller, cluster.province_code)
    region = session.get(models.Region, region_code)
    if region is None or region.parent_code != cluster.province_code:
        raise BadInput(f"{region_code} is not a kabupaten/kota of province {cluster.province_code}.")
    if any(member.region_code == region_code for member in members_on(session, cluster_id, since)):
        raise Conflict(f"{region_code} is already a member of cluster {cluster.name} on {since}.")
    member = models.ClusterMember(cluster_id=cluster_id, region_code=region_code, since=since)
    session.add(member)
    session.flush()
    session.add(
        audit_record(caller, "add_member", "cluster", str(cluster_id), region_code=region_code, after=snapshot(member))
    )
    return member


def end_member(
    session: Session, caller: Caller, cluster_id: int, region_code: str, *, until: date
) -> models.ClusterMember:
    """End a region's current membership on ``until`` (it stays in the cluster's history).

    Raises:
        PermissionDenied: not the cluster's province.
        NotFound: the region is not a member then.
    """
    cluster = get_cluster(session, cluster_id)
    require_cluster_manager(caller, cluster.province_code)
    current = [member for member in members_on(session, cluster_id, until) if member.region_code == region_code]
    if not current:
        raise NotFound(f"{region_code} is not a member of cluster {cluster.name} on {until}.")
    member = current[0]
    if until <= member.since:
        raise BadInput(f"until must be after the membership's start ({member.since}).")
    before = snapshot(member)
    member.until = until
    session.add(member)
    session.add(
        audit_record(
            caller,
            "end_member",
            "cluster",
            str(cluster_id),
            region_code=region_code,
            before=before,
            after=snapshot(member),
        )
    )
    return member


def members_on(session: Session, cluster_id: int, on: date) -> list[models.ClusterMember]:
    """The cluster's memberships in force on ``on``, by region code."""
    member = models.ClusterMember
    return list(
        session.exec(
            select(member)
            .where(
                member.cluster_id == cluster_id,
                col(member.since) <= on,
                or_(col(member.until).is_(None), col(member.until) > on),
            )
            .order_by(member.region_code)
        ).all()
    )


def clusters_of_province(session: Session, province_code: str | None = None) -> list[models.Cluster]:
    """Clusters of one province (or of all), by name."""
    query = select(models.Cluster).order_by(models.Cluster.province_code, models.Cluster.name)
    if province_code is not None:
        query = query.where(models.Cluster.province_code == province_of(province_code))
    return list(session.exec(query).all())


def clusters_of_region(session: Session, region_code: str, on: date) -> list[models.Cluster]:
    """The clusters ``region_code`` belongs to on ``on``."""
    member = models.ClusterMember
    return list(
        session.exec(
            select(models.Cluster)
            .join(member, col(member.cluster_id) == models.Cluster.id)
            .where(
                member.region_code == region_code,
                col(member.since) <= on,
                or_(col(member.until).is_(None), col(member.until) > on),
            )
            .order_by(models.Cluster.name)
        ).all()
    )
