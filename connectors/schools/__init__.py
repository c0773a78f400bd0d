"""Dapodik schools: NPSN, level, students, teachers, classrooms, tied to their kabupaten/kota."""

from connectors.schools.contract import SchoolContract
from connectors.schools.extract import SchoolsConnector

__all__ = ["SchoolContract", "SchoolsConnector"]
