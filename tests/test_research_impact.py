"""The staggered difference-in-differences says when its controls are a sample.

The estimates themselves are checked by hand in tests/sqlmesh/test_fct_research_impact_event_study
.yaml (including the draw of controls above did_max_control_enterprises); here, what the
published `estimator` text tells a reader about that draw.
"""

from __future__ import annotations

import math

import pandas as pd

from pipelines.lib.research_impact import estimate_research_impact


def _panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    # five never-treated enterprises growing 0.1 a year, three treated in 2019 gaining 0.2
    rows = []
    for name, level in (("c0", 3.0), ("c1", 3.5), ("c2", 4.0), ("c6", 2.8), ("c7", 4.4)):
        rows += [(name, t, level + 0.1 * (t - 2017)) for t in range(2017, 2021)]
    for name, level in (("t3", 3.2), ("t4", 3.7), ("t5", 4.1)):
        rows += [
            (name, t, level + 0.1 * (t - 2017) + (0.2 if t >= 2019 else 0))
            for t in range(2017, 2021)
        ]
    panel = pd.DataFrame(rows, columns=["enterprise_id", "survey_year", "log_lp"])
    panel["key_sector"] = "aquaculture_farming"
    recipients = pd.DataFrame({"enterprise_id": ["t3", "t4", "t5"], "first_treated": [2019] * 3})
    return panel, recipients


def test_a_sample_of_controls_is_named_with_the_number_it_was_drawn_from() -> None:
    panel, recipients = _panel()
    sampled = estimate_research_impact(panel, recipients, 3, controls_available=1_824_784)
    whole = estimate_research_impact(panel, recipients, 3, controls_available=5)

    text = sampled["estimator"].iloc[0]
    assert "a simple random sample of 5 of the 1824784" in text
    assert "sample" not in whole["estimator"].iloc[0]
    # the estimates do not depend on what the text says: the overall ATT is 0.2 by construction
    overall = sampled.loc[sampled["estimate_type"] == "overall"].iloc[0]
    assert math.isclose(overall["estimate_log_points"], 0.2, abs_tol=1e-9)
    assert overall["control_enterprises"] == 5


def test_the_estimator_notes_the_packages_warnings_but_not_the_garbage_collectors() -> None:
    # A ResourceWarning ("unclosed <socket …>") is raised wherever the garbage collector
    # happens to run, e.g. inside the fit on the Spark gateway; it once made the estimator
    # text differ between Spark and DuckDB.
    import warnings

    from pipelines.lib.research_impact import estimator_notes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for message, category in (
            ("routing the unbalanced panel through the RC estimator. Details", UserWarning),
            ("unclosed <socket fd=7, family=2>", ResourceWarning),
            ("routing the unbalanced panel through the RC estimator. Again", UserWarning),
        ):
            warnings.warn(message, category, stacklevel=1)
    assert estimator_notes(caught) == ["routing the unbalanced panel through the RC estimator"]
