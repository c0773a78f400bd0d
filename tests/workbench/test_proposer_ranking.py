"""The proposer's ranking on hand-made candidates: equal scores are ordered by evidence (never by
code), a real tie keeps one score, and a sub kegiatan whose best candidate is weak gets nothing.
Calibration picks the threshold that decides the most rows right."""

from __future__ import annotations

from hub.workbench.proposer import Candidate, Target, display_score, rank
from hub.workbench.quality import Answer, calibrate, read_answers, score, split_of


def _target(own: str, context: str = "") -> Target:
    return Target(node_id=1, code="1.01.02.2.01.0001", government_level="KABKOT", own=own, context=context)


def test_equal_scores_go_to_the_evidence_in_the_sub_kegiatans_own_words() -> None:
    # "ruang kelas" (2 words) only in the kegiatan name weighs 2 x 0.5 = "sekolah" (1 word) in the name
    candidates = [
        Candidate("DIK.KAB.01", "A", frozenset({"ruang kelas"})),
        Candidate("DIK.KAB.02", "B", frozenset({"sekolah"})),
    ]
    found = rank(_target("rehabilitasi sekolah", "ruang kelas"), candidates, set())
    assert [p.service_code for p in found] == ["DIK.KAB.02", "DIK.KAB.01"]  # not code order
    assert found[0].score > found[1].score  # the stored order is the evidence order


def test_then_the_narrower_service_and_a_real_tie_keeps_one_score() -> None:
    narrow = Candidate("DIK.KAB.02", "narrow", frozenset({"sekolah"}))
    broad = Candidate("DIK.KAB.01", "broad", frozenset({"sekolah", "guru", "murid"}))
    found = rank(_target("sekolah"), [broad, narrow], set())
    assert found[0].service_code == "DIK.KAB.02"
    twins = [Candidate("DIK.KAB.01", "a", frozenset({"sekolah"})), Candidate("DIK.KAB.02", "b", frozenset({"sekolah"}))]
    tied = rank(_target("sekolah"), twins, set())
    assert len(tied) == 2 and tied[0].score == tied[1].score


def test_a_weak_best_candidate_means_no_proposal() -> None:
    candidates = [
        Candidate("DIK.KAB.01", "PAUD", frozenset({"paud"})),
        Candidate("DIK.KAB.02", "SD", frozenset({"sd"})),
    ]
    assert [p.score for p in rank(_target("buku bahasa daerah"), candidates, set())] == [display_score(0.0)]
    assert rank(_target("buku bahasa daerah"), candidates, set(), abstain_below=0.5) == []
    assert rank(_target("paud"), candidates, set(), abstain_below=0.5)[0].service_code == "DIK.KAB.01"


def test_none_rows_count_in_precision_and_calibration_picks_the_best_threshold() -> None:
    answers = [
        Answer("KABKOT", "a", frozenset({"S1"}), "", "tune"),
        Answer("KABKOT", "b", frozenset({"S2"}), "", "tune"),
        Answer("KABKOT", "c", frozenset(), "", "tune"),  # serves none
    ]
    best = {("KABKOT", "a"): (0.8, "S1"), ("KABKOT", "b"): (0.6, "S2"), ("KABKOT", "c"): (0.4, "S1")}
    assert calibrate(answers, best) == 0.5  # between the NONE row's 0.4 and the weakest right one's 0.6
    proposing = score(answers, {key: [service] for key, (_, service) in best.items()})
    assert (proposing.top1_precision, proposing.none_abstained) == (2 / 3, 0)
    abstaining = score(answers, {("KABKOT", "a"): ["S1"], ("KABKOT", "b"): ["S2"]})
    assert (abstaining.top1_precision, abstaining.none_items, abstaining.none_abstained) == (1.0, 1, 1)


def test_the_shipped_answer_set_keeps_its_fixed_split_and_marks_none_explicitly() -> None:
    answers = read_answers()
    assert all(a.split == split_of(a.government_level, a.code) for a in answers)
    none = [a for a in answers if not a.services]
    assert len(none) >= 8 and all(a.reason for a in none)
    assert len({(a.government_level, a.code) for a in answers}) == len(answers)
