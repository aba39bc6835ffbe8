"""The reload benchmark, tiny: a build from files, then each change served by every worker.

Counts only; its timings and memory figures are for ``bench/RESULTS.md``, never asserted.
"""

from __future__ import annotations

import pytest

from briefbot.benchmarks import reload


@pytest.mark.slow  # starts briefbot index and briefbot serve with two workers
def test_every_change_is_served_by_every_worker(tmp_path):
    report = reload.run_reload(300, workers=2, changes=3, work=tmp_path)
    assert report["build"]["summary"]["files_with_errors"] == 0
    assert [run["change"] for run in report["changes"]] == ["add", "edit", "remove"]
    assert all(run["workers_served"] == 2 and run["served_s"] is not None
               for run in report["changes"])
    # Each change's CPU is split by role, and the builder did the building.
    for run in report["changes"]:
        roles = run["cpu_by_role_s"]
        assert sum(roles.values()) == pytest.approx(run["cpu_s"])
        assert roles["builder"] > 0
        # What each worker alone holds is part of its PSS.
        assert all(0 < private <= pss for private, pss in
                   zip(run["worker_private_mb"], run["worker_pss_mb"], strict=True))
    assert "| add |" in reload.format_reload(report)
