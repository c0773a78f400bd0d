"""One kabupaten's whole quarter (Kab. Kupang 53.01, 2025 Q1), as GraphQL input and as stored content."""

from __future__ import annotations

from typing import Any

QUARTER: dict[str, Any] = {
    "regionCode": "53.01",
    "year": 2025,
    "quarter": 1,
    "achievements": [
        {
            "serviceCode": "DIK.KAB.02",
            "targeted": 1000,
            "served": 800,
            "budgetAllocated": "1500000000.00",
            "budgetRealised": "300000000.00",
        },
        {"serviceCode": "KES.KAB.01", "targeted": 120, "served": 30, "budgetAllocated": None, "budgetRealised": None},
    ],
    "problems": [
        {
            "problem": "Data ibu hamil belum by name by address",
            "serviceCode": "KES.KAB.01",
            "solution": "Pendataan bersama kader posyandu",
            "kinds": ["DATA_COLLECTION", "STAFF_SHORTAGE"],
        },
        {"problem": "SK Tim belum diperbarui", "serviceCode": None, "solution": None, "kinds": ["TEAM_DECREE"]},
    ],
    "stages": [
        {
            "fieldCode": "DIK",
            "stage": "PENGUMPULAN_DATA",
            "status": "done",
            "doneOn": "2025-02-10",
            "evidenceRef": "BA-01/2025",
            "evidenceFileName": "ba_pendataan.pdf",
            "evidenceSha256": "ab" * 32,
        },
        {
            "fieldCode": "DIK",
            "stage": "PENGHITUNGAN_KEBUTUHAN",
            "status": "in_progress",
            "doneOn": None,
            "evidenceRef": None,
            "evidenceFileName": None,
            "evidenceSha256": None,
        },
    ],
    "plan": {
        "documentRef": "Perbup 12/2025 Rencana Aksi SPM",
        "adoptedOn": "2025-01-31",
        "actions": [
            {
                "action": "Pendataan anak tidak sekolah",
                "serviceCode": "DIK.KAB.02",
                "agency": "Dinas Pendidikan",
                "subActivityCode": "1.01.02.2.01.0001",
                "budgetLineKey": "L-0001",
                "target": "100% desa terdata",
                "deadline": "2025-06-30",
                "status": "in_progress",
                "progressPct": "40.00",
                "documentRef": None,
            }
        ],
    },
    "team": {
        "number": "188.45/12/2024",
        "decreedOn": "2024-01-15",
        "validUntil": "2024-12-31",
        "documentRef": "SK Bupati Kupang",
        "members": [
            {
                "name": "Ketua Bappeda",
                "role": "ketua",
                "agency": "Bappeda",
                "memberFrom": "2024-01-15",
                "memberTo": None,
            },
            {
                "name": "A. Sekretaris",
                "role": "sekretaris",
                "agency": "Bagian Pemerintahan",
                "memberFrom": "2024-01-15",
                "memberTo": "2024-09-30",
            },
        ],
    },
}

QUARTER_FIELDS = """
  regionCode year quarter
  achievements { serviceCode targeted served budgetAllocated budgetRealised }
  problems { problem serviceCode solution kinds }
  stages { fieldCode stage status doneOn evidenceRef evidenceFileName evidenceSha256 }
  plan { documentRef adoptedOn actions { action serviceCode agency subActivityCode budgetLineKey target deadline
         status progressPct documentRef } }
  team { number decreedOn validUntil documentRef members { name role agency memberFrom memberTo } }
"""
